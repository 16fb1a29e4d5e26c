// Times zhlint's run() over JSONL records {"text"} read from argv[2]; prints one JSON line.
const fs = require("fs");
const readline = require("readline");
const { run } = require("zhlint");

async function main() {
  const texts = [];
  const lines = readline.createInterface({ input: fs.createReadStream(process.argv[2]) });
  for await (const line of lines) if (line.trim()) texts.push(JSON.parse(line).text);
  run("热身一下。");
  const startCpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  let chars = 0;
  for (const text of texts) {
    run(text);
    chars += [...text].length;
  }
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(startCpu);
  const out = { messages: texts.length, chars, wall, cpu: (cpu.user + cpu.system) / 1e6 };
  process.stdout.write(JSON.stringify(out) + "\n");
}
main();

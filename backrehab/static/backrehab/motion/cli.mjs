// Node.js entry of the counter: `node cli.mjs MODEL.json LANDMARKS.json` prints the count as JSON.
// `node cli.mjs --batch BATCH.json` counts many recordings in one process (the accuracy bench):
// BATCH is [{"model": {...}, "recording": {...}}, ...] and the output a list of results.
import { readFileSync } from "node:fs";
import { countRecording } from "./counter.js";

function readJson(path, what) {
  let text;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new Error(`cannot read the ${what} file ${path}: ${error.message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`the ${what} file ${path} is not valid JSON: ${error.message}`);
  }
}

try {
  const args = process.argv.slice(2);
  if (args[0] === "--batch" && args.length === 2) {
    const batch = readJson(args[1], "batch");
    const results = batch.map(({ model, recording }) => countRecording(model, recording));
    process.stdout.write(JSON.stringify(results));
  } else if (args.length === 2) {
    const model = readJson(args[0], "model");
    const recording = readJson(args[1], "landmarks");
    process.stdout.write(JSON.stringify(countRecording(model, recording), null, 2) + "\n");
  } else {
    throw new Error("usage: cli.mjs MODEL.json LANDMARKS.json | cli.mjs --batch BATCH.json");
  }
} catch (error) {
  process.stderr.write(`${error.message}\n`);
  process.exit(2);
}

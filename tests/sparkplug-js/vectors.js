// Sparkplug B vectors from Eclipse Tahu's JavaScript encoder
// (sparkplug-payload), for tests/cli/codecs/sparkplug.rs.
//
//   node vectors.js write DIR   writes DIR/nbirth.bin and DIR/ndata.bin and
//                               prints {"birth": …, "data": …}: what the
//                               reference decoder reads back from each
//   node vectors.js decode FILE prints what the reference decoder reads
//
// Printed values are JSON: 64-bit Longs as decimal strings, bytes as base64.
"use strict";
const fs = require("fs");
const path = require("path");
const Long = require("long");
const sparkplug = require("sparkplug-payload").get("spBv1.0");

// Every data type the reference encodes and decodes, with an alias each.
// Floats are exact in binary so that both sides print the same digits.
function birthMetrics() {
  return [
    { name: "bdSeq", alias: 1, type: "UInt64", value: 0 },
    { name: "Int8", alias: 2, type: "Int8", value: -8 },
    { name: "Int16", alias: 3, type: "Int16", value: -1600 },
    { name: "Int32", alias: 4, type: "Int32", value: -320000 },
    { name: "Int64", alias: 5, type: "Int64", value: -6400000000 },
    { name: "UInt8", alias: 6, type: "UInt8", value: 200 },
    { name: "UInt16", alias: 7, type: "UInt16", value: 60000 },
    { name: "UInt32", alias: 8, type: "UInt32", value: 4000000000 },
    { name: "UInt64", alias: 9, type: "UInt64", value: 9000000000000 },
    { name: "Float", alias: 10, type: "Float", value: 21.5 },
    { name: "Double", alias: 11, type: "Double", value: -0.125 },
    { name: "Boolean", alias: 12, type: "Boolean", value: true },
    { name: "String", alias: 13, type: "String", value: "héllo" },
    { name: "DateTime", alias: 14, type: "DateTime", value: 1700000000123 },
    { name: "Text", alias: 15, type: "Text", value: "long text" },
    { name: "UUID", alias: 16, type: "UUID", value: "6f1c7c2e-1d2b-4c1a-9d1e-0a0b0c0d0e0f" },
    { name: "Bytes", alias: 17, type: "Bytes", value: Buffer.from([0xde, 0xad, 0xbe, 0xef]) },
    { name: "File", alias: 18, type: "File", value: Buffer.from("file body"),
      metadata: { fileName: "a.txt", contentType: "text/plain", size: 9 } },
    { name: "DataSet", alias: 19, type: "DataSet", value: {
      numOfColumns: 4, columns: ["id", "level", "label", "ok"],
      types: ["Int64", "Double", "String", "Boolean"],
      rows: [[1, 0.5, "a", true], [2, 1.5, "b", false]] } },
    { name: "Template", alias: 20, type: "Template", value: {
      version: "v1", templateRef: "Motor", isDefinition: false,
      metrics: [{ name: "rpm", type: "UInt32", value: 1200 }],
      parameters: [{ name: "site", type: "String", value: "north" }] } },
    { name: "WithProperties", alias: 21, type: "Int32", value: 7,
      properties: {
        engUnit: { type: "String", value: "C" },
        scale: { type: "Double", value: 0.25 },
        nested: { type: "PropertySet", value: { inner: { type: "Boolean", value: true } } },
      } },
  ];
}

// The same metrics by alias only (no names), with new values.
function dataMetrics() {
  return birthMetrics()
    .filter((metric) => metric.name !== "bdSeq")
    .map((metric) => {
      const next = { alias: metric.alias, type: metric.type, value: metric.value };
      if (typeof metric.value === "number" && metric.type !== "DateTime") {
        next.value = metric.value + (metric.value < 0 ? 1 : -1);
      } else if (typeof metric.value === "string") {
        next.value = metric.value + "!";
      } else if (typeof metric.value === "boolean") {
        next.value = !metric.value;
      }
      return next;
    });
}

function plain(value) {
  if (Long.isLong(value)) return value.toString();
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) {
    return Buffer.from(value).toString("base64");
  }
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === "object") {
    const out = {};
    for (const key of Object.keys(value)) out[key] = plain(value[key]);
    return out;
  }
  return value;
}

function decoded(bytes) {
  return plain(sparkplug.decodePayload(bytes));
}

const [command, target] = process.argv.slice(2);
if (command === "write") {
  const birth = sparkplug.encodePayload({ timestamp: 1700000000000, seq: 0, metrics: birthMetrics() });
  const data = sparkplug.encodePayload({ timestamp: 1700000001000, seq: 1, metrics: dataMetrics() });
  fs.writeFileSync(path.join(target, "nbirth.bin"), birth);
  fs.writeFileSync(path.join(target, "ndata.bin"), data);
  process.stdout.write(JSON.stringify({ birth: decoded(birth), data: decoded(data) }) + "\n");
} else if (command === "decode") {
  process.stdout.write(JSON.stringify(decoded(fs.readFileSync(target))) + "\n");
} else {
  process.stderr.write("usage: node vectors.js write DIR | decode FILE\n");
  process.exit(2);
}

// Times ONNX Runtime (onnxruntime-node, one thread) on the 784-128-10
// ReLU/softmax models that `go run ./testdata/onnx/ortcheck DIR` writes,
// bench_f64.onnx and bench_f32.onnx, at batch 1 and 128, with the input of
// BenchmarkONNXPredict (element i is (i mod 255)/255). Each case is warmed
// up, then run for about SECONDS seconds (default 2); the time per run is
// printed like a Go benchmark line. Usage, from testdata/onnx after
// `npm ci --ignore-scripts`:
//
//   node bench_ort.js DIR [SECONDS]
'use strict';
const path = require('path');
const ort = require('onnxruntime-node');

async function main() {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: node bench_ort.js DIR [SECONDS]');
  const budget = BigInt(Math.round(1e9 * Number(process.argv[3] || 2)));
  for (const [file, type] of [['bench_f64.onnx', 'float64'], ['bench_f32.onnx', 'float32']]) {
    const session = await ort.InferenceSession.create(path.join(dir, file), {
      intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all',
    });
    for (const batch of [1, 128]) {
      const data = (type === 'float64' ? new Float64Array(batch * 784) : new Float32Array(batch * 784));
      for (let i = 0; i < data.length; i++) data[i] = (i % 255) / 255;
      const feeds = { [session.inputNames[0]]: new ort.Tensor(type, data, [batch, 784]) };
      for (let i = 0; i < 200; i++) await session.run(feeds); // warm-up
      let runs = 0;
      const start = process.hrtime.bigint();
      let elapsed = 0n;
      while (elapsed < budget) {
        for (let i = 0; i < 100; i++) await session.run(feeds);
        runs += 100;
        elapsed = process.hrtime.bigint() - start;
      }
      const ns = Number(elapsed) / runs;
      console.log(`ORT/${type}/batch=${batch}\t${runs}\t${ns.toFixed(0)} ns/op`);
    }
    await session.release();
  }
  console.log(`onnxruntime-node ${ort.env.versions.common}, 1 thread`);
}

main().catch((e) => { console.error(e); process.exit(1); });

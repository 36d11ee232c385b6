// Runs the models that `go run ./testdata/onnx/ortcheck DIR` wrote in ONNX
// Runtime (the npm package onnxruntime-node, on one thread) and compares
// each output with Forward's, listed in DIR/manifest.json: models exported
// by WriteONNX, and models exported by PyTorch compared with the network
// that ReadONNX reads from them.
//
//   float64 models: |ort - forward| <= 1e-12 * |forward|, element by element;
//   float32 models: |ort - forward| <= 1e-6 * max(|forward|, 1), where
//     forward is the network with its weights and the input rounded to
//     float32 as ONNX Runtime holds them: 16 units of float32's 2^-24
//     rounding, relative to the output or to 1 when it is smaller, for the
//     float32 arithmetic of at most three layers of at most 8 terms.
//
// It prints each model's worst error and exits with 1 on any mismatch.
// Usage, from testdata/onnx after `npm ci --ignore-scripts`:
//
//   node check_ort.js DIR
'use strict';
const fs = require('fs');
const path = require('path');
const ort = require('onnxruntime-node');

ort.env.logLevel = 'error'; // not the warning on initializers listed as inputs (torch_tanh_inputs_f32)

const bounds = { float64: { rel: 1e-12, floor: 0 }, float32: { rel: 1e-6, floor: 1 } };

async function main() {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: node check_ort.js DIR');
  const models = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  const worst = { float64: 0, float32: 0 };
  let failed = 0;
  for (const m of models) {
    const session = await ort.InferenceSession.create(path.join(dir, m.file), {
      intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', logSeverityLevel: 3,
    });
    const rows = m.input.length, cols = m.input[0].length;
    const Array_ = m.type === 'float64' ? Float64Array : Float32Array;
    // A model with a leading Flatten takes samples of more dimensions.
    const shape = [rows, ...session.inputMetadata[0].shape.slice(1)];
    if (shape.length === 2) shape[1] = cols;
    const x = new ort.Tensor(m.type, Array_.from(m.input.flat()), shape);
    const out = (await session.run({ [session.inputNames[0]]: x }))[session.outputNames[0]];
    const want = m.want.flat();
    const { rel, floor } = bounds[m.type];
    let err = 0, at = -1;
    if (out.data.length !== want.length || out.dims[0] !== rows || out.dims[1] !== m.want[0].length) {
      err = Infinity;
    } else {
      for (let k = 0; k < want.length; k++) {
        const d = Math.abs(out.data[k] - want[k]);
        const scale = Math.max(Math.abs(want[k]), floor);
        const e = d === 0 ? 0 : (scale === 0 ? Infinity : d / scale);
        if (!(e <= err)) { err = e; at = k; }
      }
    }
    const ok = err <= rel;
    worst[m.type] = Math.max(worst[m.type], err);
    if (!ok) failed++;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${m.name.padEnd(30)} worst relative error ${err.toExponential(2)} (bound ${rel})` +
      (ok ? '' : ` at element ${at}: ONNX Runtime ${out.data[at]}, Forward ${want[at]}`));
    await session.release();
  }
  console.log(`${models.length} models, ONNX Runtime ${ort.env.versions.common}: worst float64 ${worst.float64.toExponential(2)}, worst float32 ${worst.float32.toExponential(2)}`);
  console.log(`${models.length - failed} passed, ${failed} failed`);
  if (failed > 0 || models.length === 0) process.exit(1);
}

main().catch((e) => { console.error(e); process.exit(1); });

// mlp playground: the page. Plain JavaScript, no libraries, nothing loaded
// from elsewhere. The server trains; this draws what it sends.
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);

  // The library's colours (mlp.PositiveColor, NegativeColor, ZeroColor)
  // and its class colours: matplotlib's tab10 with class 0 orange and
  // class 1 blue, as BoundaryImage draws them.
  const POS = '#1f77b4', NEG = '#ff7f0e', ZERO = '#9e9e9e';
  const CLASS = ['#ff7f0e', '#1f77b4', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

  // Everything the page knows, also for the browser test (window.pg).
  const pg = window.pg = {
    session: null, info: null, frame: null, trace: null,
    frames: 0,           // frames drawn with new data: diagram, curves and surface redrawn
    updates: 0,          // frames received
    renderMs: 0,         // time spent drawing them
    sample: 0, hover: null, layout: null, stream: null, latest: null, pending: null,
    curves: { train: [], test: [] }, // the loss points received so far
    surfaceVersion: -1,  // the frame version whose surface is on the canvas
    surfacePNG: '',      // the picture on it
    errors: [],
  };

  // ---- talking to the server ----

  class ServerError extends Error {
    constructor(message, status) { super(message); this.status = status; }
  }

  async function api(path, options) {
    let r;
    try {
      r = await fetch(path, options);
    } catch (e) {
      throw new ServerError('mlp: the server does not answer (' + e.message + '); is the playground still running?', 0);
    }
    let body = null;
    const type = r.headers.get('Content-Type') || '';
    if (type.startsWith('application/json')) body = await r.json();
    if (!r.ok) throw new ServerError(body && body.error ? body.error : 'HTTP ' + r.status, r.status);
    return body;
  }

  function withSession(path) {
    return path + (path.includes('?') ? '&' : '?') + 'session=' + encodeURIComponent(pg.session);
  }

  function post(path, body, headers) {
    const options = { method: 'POST' };
    if (body !== undefined) {
      options.body = typeof body === 'string' || body instanceof Blob ? body : JSON.stringify(body);
      options.headers = headers || { 'Content-Type': 'application/json' };
    }
    return api(withSession(path), options);
  }

  function showMessage(text, info) {
    const m = $('message');
    m.textContent = text;
    m.className = info ? 'message info' : 'message';
    m.hidden = false;
    if (!info) pg.errors.push(text);
  }
  function clearMessage() { $('message').hidden = true; $('message').textContent = ''; }

  // A command that fails shows the server's message; a lost session is
  // opened again with the form as it is.
  async function command(f) {
    try {
      const r = await f();
      return r;
    } catch (e) {
      if ((e.status === 404 && /no session/.test(e.message)) || e.status === 410) {
        try {
          await openSession();
        } catch (e2) {
          showMessage(e.message + '\nNo new session could be opened: ' + e2.message);
          return null;
        }
        await applySetup(true);
        showMessage(e.message + '\nA new session was opened with the form as it is.', true);
        return null;
      }
      showMessage(e.message);
      return null;
    }
  }

  // ---- the form ----

  const fields = ['dataset', 'hidden', 'activation', 'output', 'loss', 'bias', 'init', 'initLow', 'initHigh',
    'initValue', 'optimizer', 'learningRate', 'batchSize', 'sumLoss', 'seed', 'speed'];

  function fillSelect(id, values, labels) {
    const s = $(id);
    s.textContent = '';
    values.forEach((v, i) => {
      const o = document.createElement('option');
      o.value = v;
      o.textContent = labels ? labels[i] : v;
      s.appendChild(o);
    });
  }

  function formValues() {
    const r = {};
    for (const f of fields) {
      const el = $(f);
      r[f] = el.type === 'checkbox' ? el.checked : el.value;
    }
    return r;
  }

  function fillForm(r) {
    for (const f of fields) {
      const el = $(f);
      if (!(f in r)) continue;
      if (el.type === 'checkbox') el.checked = !!r[f];
      else if (f === 'speed') el.value = r[f] || 'max';
      else if (r[f] !== '' || el.tagName === 'SELECT' || !['initLow', 'initHigh', 'initValue'].includes(f)) el.value = r[f];
    }
    showInit();
    showDatasetTitle();
  }

  function showInit() {
    $('init-uniform').hidden = $('init').value !== 'uniform';
    $('init-constant').hidden = $('init').value !== 'constant';
  }

  function datasetInfo(name) {
    if (name === 'upload') return pg.upload;
    return pg.info.datasets.find((d) => d.name === name);
  }

  function showDatasetTitle() {
    const d = datasetInfo($('dataset').value);
    $('dataset-title').textContent = d ? d.title : '';
  }

  // applySetup sends the form. A new data set starts at sample 0; a form
  // that only changes how the network trains keeps it, and its trace.
  async function applySetup(newData) {
    if (newData && pg.sample !== 0) { // sample 0 is there in every data set
      pg.sample = 0;
      $('sample').value = 0;
      setDownloadSample();
      openStream();
    }
    const r = await command(() => post('/api/setup', formValues()));
    if (r) {
      if (!r.kept) {
        pg.trace = null;
        renderTrace(null);
      }
      clearMessage();
    }
    return r;
  }

  // ---- the frames: up to 50 a second while training ----

  // The frames come as server-sent events. The stream is opened again for
  // another sample. An HTTP error (the session is gone) closes it:
  // /api/state then says what is wrong.
  function openStream() {
    if (pg.stream) pg.stream.close();
    const sample = pg.sample;
    const es = new EventSource(withSession('/api/stream?sample=' + sample));
    pg.stream = es;
    es.onmessage = (e) => {
      if (pg.stream !== es) return;
      pg.updates++;
      receive(JSON.parse(e.data));
    };
    es.addEventListener('problem', (e) => {
      es.close();
      if (pg.stream !== es) return;
      pg.stream = null;
      recoverStream();
    });
    es.onerror = () => {
      if (es.readyState === EventSource.CLOSED && pg.stream === es) {
        pg.stream = null;
        recoverStream();
      }
    };
  }

  async function recoverStream() {
    if (pg.recovering) return;
    pg.recovering = true;
    try {
      await api(withSession('/api/state?sample=' + pg.sample));
      openStream();
    } catch (e) {
      await command(() => { throw e; });
      if (!pg.stream) setTimeout(recoverStream, 2000);
    } finally {
      pg.recovering = false;
    }
  }

  // A frame that comes is decoded, its new loss points added to the
  // curves, and it waits for the next animation frame: only the newest is
  // drawn, so that a page that falls behind skips frames instead of drawing
  // pictures that are never shown. The time spent drawing is counted for
  // the browser test.
  function receive(f) {
    const c = pg.curves;
    if (f.curveFrom === 0) {
      c.train = f.trainLoss || [];
      c.test = f.testLoss || [];
    } else {
      c.train.length = f.curveFrom;
      c.test.length = Math.min(c.test.length, f.curveFrom);
      c.train.push(...(f.trainLoss || []));
      c.test.push(...(f.testLoss || []));
    }
    f.trainLoss = c.train;
    f.testLoss = c.test;
    pg.latest = f;
    const queued = pg.pending !== null;
    pg.pending = f;
    if (queued) return;
    requestAnimationFrame(() => {
      const next = pg.pending;
      pg.pending = null;
      const t = performance.now();
      render(next);
      pg.renderMs += performance.now() - t;
    });
  }

  // ---- drawing a frame ----

  function render(f) {
    const old = pg.frame;
    pg.frame = f;
    if (!old || old.generation !== f.generation) pg.hover = null;
    drawDiagram();
    drawLoss();
    drawSurface();
    showStats();
    showExplain();
    showHover();
    pg.frames++;
  }

  function fmt(v, digits) {
    if (v === null || v === undefined) return '–';
    if (!isFinite(v)) return String(v);
    if (v === 0) return '0';
    return String(+v.toPrecision(digits || 8));
  }

  // fmtp writes a factor of a product: negative numbers in parentheses.
  function fmtp(v, digits) {
    const t = fmt(v, digits);
    return v < 0 ? '(' + t + ')' : t;
  }

  // setText changes an element's text only when it differs, sparing the
  // browser a layout.
  function setText(id, t) {
    const el = $(id);
    if (el.textContent !== t) el.textContent = t;
  }

  function showStats() {
    const f = pg.frame;
    const st = $('status');
    let text = f.status;
    if (f.status === 'running') text = 'training · ' + f.network;
    else if (f.status === 'ready') text = 'ready · ' + f.network + ' at its initial weights';
    else if (f.status === 'paused') text = 'paused · ' + f.network;
    else if (f.status === 'stopped') text = 'stopped · ' + f.network;
    if (st.textContent !== text) st.textContent = text;
    if (st.className !== 'status ' + f.status) st.className = 'status ' + f.status;
    if (f.message && f.message !== pg.lastServerMessage) showMessage(f.message);
    pg.lastServerMessage = f.message;
    setText('run', f.status === 'running' ? 'Pause' : 'Run');
    setText('network-name', f.network + ' · ' + f.layers.map((l) => l.activation).join(', ') + ' · ' + f.loss);
    setText('epoch', f.epoch + (f.steps ? ' (and ' + f.steps + ' step' + (f.steps > 1 ? 's' : '') + ')' : ''));
    const last = (a) => (a && a.length ? a[a.length - 1] : null);
    setText('train-loss', fmt(last(f.trainLoss), 4));
    setText('test-loss', f.testSamples ? fmt(last(f.testLoss), 4) : 'no test set');
    const pct = (v) => (v === null || v < 0 ? '–' : (100 * v).toFixed(1) + '%');
    setText('accuracy', pct(f.trainAccuracy) + ' training' + (f.testSamples ? ', ' + pct(f.testAccuracy) + ' test' : ''));
    setText('trained', f.trainedSeconds.toFixed(1) + ' s of ' + Math.round(f.limitSeconds) + ' s');
    $('sample').max = f.samples - 1;
    const s = f.sample;
    setText('sample-info', 'of ' + f.samples + ': x = [' + s.x.map((v) => fmt(v, 4)).join(', ') + '], target [' + s.y.map((v) => fmt(v, 4)).join(', ') + '], E = ' + fmt(s.e, 6));
  }

  function showExplain() {
    const e = pg.frame.explain;
    const g = $('gradcheck');
    const plural = (n, what) => n + ' ' + what + (n === 1 ? '' : 's');
    const at = ' (after ' + plural(e.epoch, 'epoch') + (e.steps ? ', ' + plural(e.steps, 'step') : '') + ')';
    g.textContent = e.gradientCheck + at;
    g.className = e.worstRelError !== null && e.worstRelError >= 0 && e.worstRelError < 1e-4 ? 'ok' : 'muted';
    const key = JSON.stringify(e.findings);
    if (key === pg.findingsKey) return;
    pg.findingsKey = key;
    const ul = $('findings');
    ul.textContent = '';
    const list = e.findings && e.findings.length ? e.findings : null;
    if (!list) {
      const li = document.createElement('li');
      li.className = 'ok';
      li.textContent = 'nothing found: no copied, saturated or dead units, no vanishing or exploding gradients';
      ul.appendChild(li);
      return;
    }
    for (const m of list) {
      const li = document.createElement('li');
      li.textContent = m;
      ul.appendChild(li);
    }
  }

  // ---- the network diagram: DrawNetwork's picture, on a canvas ----

  // The line of weight v, as DrawNetwork draws it: with M the largest |w|
  // and m = |w|/M, width 0.75 + 5.25·m and opacity 0.5 + 0.5·m when the
  // picture carries numbers (no layer wider than 10 units), else width
  // 0.2 + 1.3·m and opacity 0.05 + 0.95·m².
  function lineStyle(v, M, numbers) {
    const colour = v > 0 ? POS : v < 0 ? NEG : ZERO;
    const m = M > 0 ? Math.abs(v) / M : 0;
    if (numbers) return [colour, 0.75 + 5.25 * m, 0.5 + 0.5 * m];
    return [colour, 0.2 + 1.3 * m, 0.05 + 0.95 * m * m];
  }

  function columnName(c, n) {
    if (c === 0) return 'input';
    if (c === n - 1) return 'output';
    return n === 3 ? 'hidden' : 'hidden ' + c;
  }

  // The geometry of a diagram (columns, units, one line a weight or bias)
  // depends on the sizes and the width only: it is kept from frame to
  // frame, and each frame sets the lines' values and styles.
  const LEVELS = 32; // the lines' strengths: |w|/M to 1/32

  function geometry(f, W) {
    const sizes = [f.layers[0].in].concat(f.layers.map((l) => l.out));
    const anyBias = f.layers.some((l) => l.b);
    const key = W + '|' + sizes.join('-') + '|' + f.layers.map((l) => (l.b ? 1 : 0)).join('');
    if (pg.geometry && pg.geometry.key === key) return pg.geometry;
    const maxU = Math.max.apply(null, sizes);
    const numbers = maxU <= 10;
    const head = 52;
    const s = numbers ? 56 : Math.min(40, Math.max(380 / maxU, 0.7));
    const r = numbers ? 17 : Math.min(Math.max(0.36 * s, 0.8), 12);
    const H = Math.ceil(head + (anyBias ? s : 0) + 2 * r + (maxU - 1) * s + 14);
    const left = numbers ? 64 : 50, right = numbers ? 86 : 60;
    const gap = (W - left - right) / Math.max(1, sizes.length - 1);
    const cy = head + (anyBias ? s : 0) + r + (maxU - 1) * s / 2;
    const cols = sizes.map((k, c) => {
      const x = left + c * gap;
      const ys = [];
      for (let i = 0; i < k; i++) ys.push(cy + (i - (k - 1) / 2) * s);
      return { x, ys };
    });
    const links = [];
    f.layers.forEach((l, li) => {
      const a = cols[li], b = cols[li + 1];
      for (let i = 0; i < l.in; i++) {
        for (let j = 0; j < l.out; j++) links.push({ kind: 'weight', layer: li, i, j, at: i * l.out + j, x1: a.x, y1: a.ys[i], x2: b.x, y2: b.ys[j] });
      }
      if (l.b) {
        for (let j = 0; j < l.out; j++) links.push({ kind: 'bias', layer: li, j, at: j, x1: a.x, y1: a.ys[0] - s, x2: b.x, y2: b.ys[j] });
      }
    });
    pg.geometry = { key, W, H, sizes, numbers, s, r, cols, links, anyBias, buckets: null };
    return pg.geometry;
  }

  // layoutDiagram sets each line's value and style for frame f, and sorts
  // the lines into buckets of one style (sign, kind and strength), lightest
  // first, so that a network of thousands of weights takes a few dozen
  // strokes and no sort.
  function layoutDiagram(f, W) {
    const L = geometry(f, W);
    let M = 0;
    for (const l of f.layers) {
      for (const v of l.w) M = Math.max(M, Math.abs(v));
      if (l.b) for (const v of l.b) M = Math.max(M, Math.abs(v));
    }
    L.M = M;
    const buckets = [];
    for (const k of L.links) {
      const l = f.layers[k.layer];
      const v = k.kind === 'bias' ? l.b[k.at] : l.w[k.at];
      const [colour, width, opacity] = lineStyle(v, M, L.numbers);
      k.v = v; k.colour = colour; k.width = width; k.opacity = opacity;
      const level = M > 0 ? Math.round(Math.abs(v) / M * LEVELS) : 0;
      const b = level * 6 + (k.kind === 'bias' ? 3 : 0) + (v > 0 ? 0 : v < 0 ? 1 : 2);
      (buckets[b] || (buckets[b] = [])).push(k);
    }
    L.buckets = buckets;
    return L;
  }

  function drawDiagram() {
    const f = pg.frame;
    const canvas = $('diagram');
    const W = canvas.parentElement.clientWidth || 600;
    const L = layoutDiagram(f, W);
    pg.layout = L;
    const dpr = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(W * dpr) || canvas.height !== Math.round(L.H * dpr)) {
      canvas.width = Math.round(W * dpr);
      canvas.height = Math.round(L.H * dpr);
      canvas.style.height = L.H + 'px';
    }
    const ctx = canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, W, L.H);
    const n = L.sizes.length;
    ctx.textAlign = 'center';
    ctx.fillStyle = '#222';
    for (let c = 0; c < n; c++) {
      ctx.font = 'bold 13px system-ui, sans-serif';
      ctx.fillText(columnName(c, n), L.cols[c].x, 16);
      ctx.font = '11px system-ui, sans-serif';
      ctx.fillStyle = '#555';
      const k = L.sizes[c];
      ctx.fillText(k + (k === 1 ? ' unit' : ' units') + (c > 0 ? ', ' + f.layers[c - 1].activation : ''), L.cols[c].x, 31);
      ctx.fillStyle = '#222';
    }
    const h = pg.hover;
    // A bucket's lines are stroked as one path, in the style of their
    // strength (its level, at most 1/64 from each line's own).
    L.buckets.forEach((lines, b) => {
      const k = lines[0];
      const m = Math.floor(b / 6) / LEVELS;
      const [colour, width, opacity] = lineStyle(k.v > 0 ? m : k.v < 0 ? -m : 0, 1, L.numbers);
      ctx.globalAlpha = opacity;
      ctx.strokeStyle = colour;
      ctx.lineWidth = width;
      ctx.setLineDash(k.kind === 'bias' ? (L.numbers ? [6, 4] : [3, 2]) : []);
      ctx.beginPath();
      for (const q of lines) { ctx.moveTo(q.x1, q.y1); ctx.lineTo(q.x2, q.y2); }
      ctx.stroke();
    });
    ctx.setLineDash([]);
    ctx.globalAlpha = 1;
    if (h && (h.kind === 'weight' || h.kind === 'bias')) {
      const k = L.links.find((q) => q.kind === h.kind && q.layer === h.layer && q.j === h.j && (h.kind === 'bias' || q.i === h.i));
      if (k) {
        ctx.strokeStyle = '#111';
        ctx.lineWidth = Math.max(2, k.width + 2);
        ctx.globalAlpha = 0.35;
        ctx.beginPath(); ctx.moveTo(k.x1, k.y1); ctx.lineTo(k.x2, k.y2); ctx.stroke();
        ctx.globalAlpha = 1;
      }
    }
    // The constant 1 of each layer's biases: a small square.
    f.layers.forEach((l, li) => {
      if (!l.b) return;
      const x = L.cols[li].x, y = L.cols[li].ys[0] - L.s, e = L.r * 1.4;
      ctx.fillStyle = '#f4f4f4'; ctx.strokeStyle = '#555'; ctx.lineWidth = Math.min(1.5, L.r / 4);
      ctx.fillRect(x - e / 2, y - e / 2, e, e); ctx.strokeRect(x - e / 2, y - e / 2, e, e);
      if (L.numbers) { ctx.fillStyle = '#222'; ctx.font = '12px system-ui, sans-serif'; ctx.fillText('1', x, y + 4); }
    });
    // The units, with the sample's values when there is room.
    const s = f.sample;
    for (let c = 0; c < n; c++) {
      L.cols[c].ys.forEach((y, i) => {
        const x = L.cols[c].x;
        const hovered = h && h.kind === 'unit' && h.c === c && h.i === i;
        ctx.beginPath();
        ctx.arc(x, y, L.r, 0, 2 * Math.PI);
        ctx.fillStyle = '#fff';
        ctx.fill();
        ctx.lineWidth = hovered ? 3 : Math.min(1.5, L.r / 3);
        ctx.strokeStyle = hovered ? '#111' : '#444';
        ctx.stroke();
        if (!L.numbers) return;
        const v = c === 0 ? s.x[i] : s.layers[c - 1].a[i];
        ctx.fillStyle = '#222';
        ctx.font = '11px system-ui, sans-serif';
        ctx.fillText(fmt(v, 2), x, y + 4);
        if (c > 0) {
          ctx.fillStyle = '#777';
          ctx.font = '10px system-ui, sans-serif';
          ctx.fillText('z ' + fmt(s.layers[c - 1].z[i], 3), x, y - L.r - 3);
        }
        if (c === 0 && f.inputNames) {
          ctx.textAlign = 'right'; ctx.fillStyle = '#222'; ctx.font = '12px system-ui, sans-serif';
          ctx.fillText(f.inputNames[i], x - L.r - 6, y + 4);
          ctx.textAlign = 'center';
        }
        if (c === n - 1 && f.outputNames) {
          ctx.textAlign = 'left'; ctx.fillStyle = '#222'; ctx.font = '12px system-ui, sans-serif';
          ctx.fillText(f.outputNames[i], x + L.r + 6, y + 4);
          ctx.textAlign = 'center';
        }
      });
    }
  }

  // What is under the mouse: a unit, a bias square, or the line nearest
  // to it among the heaviest drawn.
  function hitTest(px, py) {
    const L = pg.layout;
    if (!L) return null;
    for (let c = 0; c < L.cols.length; c++) {
      const col = L.cols[c];
      for (let i = 0; i < col.ys.length; i++) {
        if (Math.hypot(px - col.x, py - col.ys[i]) <= L.r + 3) return { kind: 'unit', c, i };
      }
    }
    // The nearest line; of lines about as near, the heaviest (drawn on top).
    let best = null, bestD = Infinity;
    for (const k of L.links) {
      const d = segmentDistance(px, py, k);
      if (d > Math.max(4, k.width / 2 + 2)) continue;
      if (d < bestD - 0.5 || (d < bestD + 0.5 && Math.abs(k.v) > Math.abs(best.v))) { best = k; bestD = Math.min(d, bestD); }
    }
    if (!best) return null;
    return best.kind === 'bias' ? { kind: 'bias', layer: best.layer, j: best.j } : { kind: 'weight', layer: best.layer, i: best.i, j: best.j };
  }

  function segmentDistance(px, py, k) {
    const dx = k.x2 - k.x1, dy = k.y2 - k.y1;
    const t = Math.max(0, Math.min(1, ((px - k.x1) * dx + (py - k.y1) * dy) / (dx * dx + dy * dy || 1)));
    return Math.hypot(px - (k.x1 + t * dx), py - (k.y1 + t * dy));
  }

  // ---- hover: the values and formulas of one unit or weight ----

  const SUB = { 0: '₀', 1: '₁', 2: '₂', 3: '₃', 4: '₄', 5: '₅', 6: '₆', 7: '₇', 8: '₈', 9: '₉' };
  const sub = (n) => String(n).split('').map((d) => SUB[d] || d).join('');

  function unitName(f, c, i) {
    const n = f.layers.length + 1;
    if (c === 0) return 'input ' + (f.inputNames ? f.inputNames[i] : 'x' + i);
    return columnName(c, n) + ' unit ' + i;
  }

  // activationText returns a unit's activation and its slope, as formulas
  // and with the numbers plugged in: [a = f(z), f(numbers), name of f′,
  // f′ as a formula, f′ with numbers, the value of f′].
  function activationText(act, z, a) {
    switch (act) {
      case 'sigmoid': return ['a = σ(z) = 1/(1+e^(−z))', '1/(1+e^(−' + fmt(z) + '))', 'σ′(z)', 'a(1−a)', fmtp(a) + '·(1−' + fmtp(a) + ')', a * (1 - a)];
      case 'tanh': return ['a = tanh(z)', 'tanh(' + fmt(z) + ')', 'tanh′(z)', '1−a²', '1−' + fmtp(a) + '²', 1 - a * a];
      case 'relu': return ['a = max(0, z)', 'max(0, ' + fmt(z) + ')', 'relu′(z)', '1 if z > 0, else 0', 'z = ' + fmt(z), z > 0 ? 1 : 0];
      case 'identity': return ['a = z', fmt(z), 'f′(z)', '1', '1', 1];
      default: return ['a = ' + act + '(z)', act + '(' + fmt(z) + ')', null, null, null, null];
    }
  }

  // sumTerms writes Σ terms with at most 6 shown.
  function sumTerms(terms) {
    const shown = terms.slice(0, 6).join(' + ');
    return terms.length > 6 ? shown + ' + … (' + (terms.length - 6) + ' more terms)' : shown;
  }

  function hoverHTML(f, h) {
    const s = f.sample;
    const lines = [];
    const line = (t) => lines.push('<div class="f">' + escapeHTML(t) + '</div>');
    const eta = Number(f.setup.learningRate);
    const input = (li) => (li === 0 ? s.x : s.layers[li - 1].a);
    let title = '';
    if (h.kind === 'unit' && h.c === 0) {
      title = unitName(f, 0, h.i);
      line('value for sample ' + s.index + ': x' + sub(h.i) + ' = ' + fmt(s.x[h.i]));
    } else if (h.kind === 'unit') {
      const li = h.c - 1, j = h.i, l = f.layers[li], p = s.layers[li];
      const last = li === f.layers.length - 1;
      title = unitName(f, h.c, j) + ' — Layers[' + li + '], ' + l.activation + ', sample ' + s.index;
      const a = input(li);
      const terms = [], terms2 = [];
      for (let i = 0; i < l.in; i++) {
        terms.push('a' + sub(i) + '·w' + sub(i) + sub(j));
        terms2.push(fmtp(a[i], 5) + '·' + fmtp(l.w[i * l.out + j], 5));
      }
      if (l.b) { terms.push('b' + sub(j)); terms2.push(fmtp(l.b[j], 5)); }
      line('z = ' + sumTerms(terms));
      line('  = ' + sumTerms(terms2) + ' = ' + fmt(p.z[j]));
      const [fa, fan, fd, fdf, fdn, dv] = activationText(l.activation, p.z[j], p.a[j]);
      line(fa + ' = ' + fan + ' = ' + fmt(p.a[j]));
      const slope = () => line(fd + ' = ' + fdf + ' = ' + fdn + ' = ' + fmt(dv));
      const delta = () => line('δ = ∂E/∂z = ∂E/∂a · ' + fd + ' = ' + fmtp(p.da[j]) + ' · ' + fmtp(dv) + ' = ' + fmt(p.dz[j]));
      if (last) {
        const y = s.y[j];
        if (f.loss === 'squared-error') line('∂E/∂a = a − y = ' + fmt(p.a[j]) + ' − ' + fmt(y) + ' = ' + fmt(p.da[j]));
        else line('∂E/∂a = ' + (f.loss === 'cross-entropy' ? '−y/a' : '−y/a + (1−y)/(1−a)') + ' = ' + fmt(p.da[j]));
        if ((f.loss === 'cross-entropy' && l.activation === 'softmax') || (f.loss === 'binary-cross-entropy' && l.activation === 'sigmoid')) {
          line('δ = ∂E/∂z = a − y = ' + fmt(p.a[j]) + ' − ' + fmt(y) + ' = ' + fmt(p.dz[j]) + '   (' + l.activation + ' with ' + f.loss + ')');
        } else if (fd) {
          slope();
          delta();
        } else {
          line('δ = ∂E/∂z = Σₖ ∂E/∂aₖ · ∂aₖ/∂z' + sub(j) + ' = ' + fmt(p.dz[j]));
        }
      } else {
        const next = f.layers[li + 1], q = s.layers[li + 1];
        const t1 = [], t2 = [];
        for (let k = 0; k < next.out; k++) {
          t1.push('δ' + sub(k) + '·w' + sub(j) + sub(k));
          t2.push(fmtp(q.dz[k], 5) + '·' + fmtp(next.w[j * next.out + k], 5));
        }
        line('∂E/∂a = ' + sumTerms(t1) + ' (the next layer\'s δ back through the weights out)');
        line('      = ' + sumTerms(t2) + ' = ' + fmt(p.da[j]));
        slope();
        delta();
      }
      if (l.b) line('gradient of its bias for this sample: ∂E/∂b = δ = ' + fmt(p.dz[j]));
    } else if (h.kind === 'weight') {
      const li = h.layer, l = f.layers[li], p = s.layers[li], a = input(li)[h.i], w = l.w[h.i * l.out + h.j];
      const g = a * p.dz[h.j];
      title = 'weight Layers[' + li + '].W[' + h.i + ',' + h.j + '] — from ' + unitName(f, li, h.i) + ' to ' + unitName(f, li + 1, h.j);
      line('w = ' + fmt(w));
      line('its part of z' + sub(h.j) + ' for sample ' + s.index + ': a·w = ' + fmtp(a) + '·' + fmtp(w) + ' = ' + fmt(a * w));
      line('gradient for this sample: ∂E/∂w = a·δ = ' + fmtp(a) + '·' + fmtp(p.dz[h.j]) + ' = ' + fmt(g));
      if (isFinite(eta)) line('a step of gradient descent on this sample alone: w − η·∂E/∂w = ' + fmt(w) + ' − ' + fmtp(eta) + '·' + fmtp(g) + ' = ' + fmt(w - eta * g));
    } else if (h.kind === 'bias') {
      const li = h.layer, l = f.layers[li], p = s.layers[li], b = l.b[h.j];
      title = 'bias Layers[' + li + '].B[0,' + h.j + '] — into ' + unitName(f, li + 1, h.j) + ', from the constant 1';
      line('b = ' + fmt(b));
      line('gradient for this sample: ∂E/∂b = 1·δ = ' + fmt(p.dz[h.j]));
      if (isFinite(eta)) line('a step of gradient descent on this sample alone: b − η·∂E/∂b = ' + fmt(b) + ' − ' + fmtp(eta) + '·' + fmtp(p.dz[h.j]) + ' = ' + fmt(b - eta * p.dz[h.j]));
    }
    return '<p><b>' + escapeHTML(title) + '</b></p>' + lines.join('');
  }

  function showHover() {
    const el = $('hover');
    if (!pg.hover || !pg.frame) {
      if (el.dataset.empty !== '1') {
        el.innerHTML = '<p class="muted">Hover over a unit or a weight: its value, z, a, δ and gradient for the sample, and the formula with the numbers plugged in.</p>';
        el.dataset.empty = '1';
      }
      return;
    }
    el.dataset.empty = '0';
    el.innerHTML = hoverHTML(pg.frame, pg.hover);
  }

  function escapeHTML(s) {
    return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
  }

  // ---- the loss curves ----

  function drawLoss() {
    const f = pg.frame;
    const canvas = $('losscurve');
    const W = 320, H = 200, dpr = window.devicePixelRatio || 1;
    if (canvas.width !== W * dpr) { canvas.width = W * dpr; canvas.height = H * dpr; }
    const ctx = canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, W, H);
    const series = [{ name: 'training', values: f.trainLoss || [], colour: POS }];
    if (f.testSamples) series.push({ name: 'test', values: f.testLoss || [], colour: NEG });
    const all = series.flatMap((s) => s.values).filter((v) => v !== null && isFinite(v));
    const x0 = 46, x1 = W - 8, y0 = 10, y1 = H - 28;
    ctx.strokeStyle = '#888'; ctx.lineWidth = 1;
    ctx.strokeRect(x0, y0, x1 - x0, y1 - y0);
    ctx.font = '10px system-ui, sans-serif'; ctx.fillStyle = '#555';
    if (!all.length) {
      ctx.textAlign = 'center';
      ctx.fillText('Run to see the loss of each epoch', (x0 + x1) / 2, (y0 + y1) / 2);
      return;
    }
    const log = all.every((v) => v > 0);
    let lo = Math.min.apply(null, all), hi = Math.max.apply(null, all);
    const tr = log ? (v) => Math.log10(v) : (v) => v;
    let a = tr(lo), b = tr(hi);
    if (log) { a = Math.floor(a); b = Math.ceil(b); if (a === b) b = a + 1; } else { if (a === b) { a -= 1; b += 1; } a = Math.min(a, 0); }
    const n = Math.max(...series.map((s) => s.values.length));
    const px = (i) => x0 + (n > 1 ? (i / (n - 1)) * (x1 - x0) : (x1 - x0) / 2);
    const py = (v) => y1 - ((tr(v) - a) / (b - a)) * (y1 - y0);
    // y ticks: powers of ten on a log scale, else 4 steps.
    ctx.textAlign = 'right'; ctx.strokeStyle = '#eee';
    const ticks = [];
    if (log) { const step = Math.ceil((b - a) / 6); for (let e = a; e <= b; e += step) ticks.push([Math.pow(10, e), '1e' + e]); }
    else for (let k = 0; k <= 4; k++) { const v = a + (k / 4) * (b - a); ticks.push([v, fmt(v, 3)]); }
    for (const [v, label] of ticks) {
      const y = py(v);
      ctx.beginPath(); ctx.moveTo(x0, y); ctx.lineTo(x1, y); ctx.stroke();
      ctx.fillText(label, x0 - 3, y + 3);
    }
    ctx.textAlign = 'center';
    ctx.fillText('epoch ' + (n * f.stride).toLocaleString('en'), x1 - 30, H - 12);
    ctx.fillText('0', x0, H - 12);
    for (const s of series) {
      ctx.strokeStyle = s.colour; ctx.lineWidth = 1.6; ctx.beginPath();
      let pen = false;
      s.values.forEach((v, i) => {
        if (v === null || !isFinite(v)) { pen = false; return; }
        if (pen) ctx.lineTo(px(i), py(v)); else { ctx.moveTo(px(i), py(v)); pen = true; }
      });
      ctx.stroke();
    }
    ctx.textAlign = 'left';
    series.forEach((s, k) => {
      ctx.fillStyle = s.colour; ctx.fillRect(x0 + 8 + k * 70, y0 + 6, 14, 3);
      ctx.fillStyle = '#333'; ctx.fillText(s.name, x0 + 26 + k * 70, y0 + 10);
    });
    ctx.fillStyle = '#555';
    ctx.fillText(log ? 'log scale' : 'linear', x0 + 160, y0 + 10);
  }

  // ---- the decision surface: BoundaryImage's picture, points over it ----

  function drawSurface() {
    const f = pg.frame;
    const wrap = $('surface-wrap');
    if (wrap.hidden !== !f.surface) {
      wrap.hidden = !f.surface;
      $('no-surface').hidden = !!f.surface;
    }
    if (!f.surface) return;
    const sf = f.surface;
    const version = f.version;
    if (sf.png !== pg.surfacePNG) {
      pg.surfacePNG = sf.png;
      const img = new Image();
      img.onload = () => {
        const c = $('surface').getContext('2d');
        c.imageSmoothingEnabled = true;
        c.drawImage(img, 0, 0, 300, 300);
        pg.surfaceVersion = version;
      };
      img.src = sf.png;
    } else {
      pg.surfaceVersion = version;
    }
    const c = $('points').getContext('2d');
    c.clearRect(0, 0, 300, 300);
    for (const [x, y, k] of sf.points) {
      const [px, py] = toSurface(x, y);
      c.beginPath(); c.arc(px, py, 4, 0, 2 * Math.PI);
      c.fillStyle = CLASS[k % 10]; c.fill();
      c.lineWidth = 1.5; c.strokeStyle = '#fff'; c.stroke();
    }
    const s = f.sample;
    const [sx, sy] = toSurface(s.x[0], s.x[1]);
    c.beginPath(); c.arc(sx, sy, 7, 0, 2 * Math.PI); c.lineWidth = 2; c.strokeStyle = '#111'; c.stroke();
  }

  // toSurface maps a point of the plane to the surface canvas's pixels.
  function toSurface(x, y) {
    const sf = pg.frame.surface;
    return [(x - sf.xMin) / (sf.xMax - sf.xMin) * 300, (sf.yMax - y) / (sf.yMax - sf.yMin) * 300];
  }
  pg.toSurface = toSurface;

  // ---- step through: the trace ----

  const STAGES = { forward: 'Forward pass', error: 'Error', backward: 'Backward pass', update: 'Update', prediction: 'Prediction with the updated weights' };

  function renderTrace(t) {
    const box = $('trace');
    box.textContent = '';
    $('trace-intro').hidden = !!t;
    if (!t) return;
    const head = document.createElement('div');
    head.className = 'trace-head';
    head.innerHTML = '<p><b>' + escapeHTML(t.title) + '</b></p><p class="muted">' + escapeHTML(t.batch) + '. ' + escapeHTML(t.note) + '</p>';
    box.appendChild(head);
    let stage = '', grid = null;
    for (const st of t.steps) {
      if (st.stage !== stage) {
        if (stage === 'error') errorLine(box, 'E = Σᵢ Eᵢ = ' + fmt(t.e));
        stage = st.stage;
        const h = document.createElement('h3');
        h.className = 'stage';
        h.textContent = STAGES[stage] || stage;
        box.appendChild(h);
        grid = document.createElement('div');
        grid.className = 'steps';
        box.appendChild(grid);
      }
      const d = document.createElement('div');
      d.className = 'step';
      d.dataset.name = st.name;
      const headLine = document.createElement('div');
      headLine.className = 'step-head';
      const name = document.createElement('code');
      name.className = 'name'; name.textContent = st.name;
      const formula = document.createElement('span');
      formula.className = 'formula';
      formula.title = st.formula + '\n' + st.tex;
      try { formula.innerHTML = tex(st.tex); } catch (e) { formula.textContent = st.formula; }
      const shapes = document.createElement('span');
      shapes.className = 'shapes'; shapes.textContent = '(' + st.shapes + ')';
      headLine.append(name, formula, shapes);
      const meaning = document.createElement('p');
      meaning.className = 'meaning'; meaning.textContent = st.meaning;
      const pre = document.createElement('pre');
      pre.className = 'matrix'; pre.textContent = st.value;
      d.append(headLine, meaning, pre);
      grid.appendChild(d);
    }
    if (stage === 'prediction') errorLine(box, 'E after the update = ' + fmt(t.eAfter) + '  (before: ' + fmt(t.e) + ')');
  }

  function errorLine(box, text) {
    const p = document.createElement('p');
    p.className = 'error-line';
    p.textContent = text;
    box.appendChild(p);
  }

  // tex renders the little LaTeX the trace writes: \frac, sub- and
  // superscripts, \text, \operatorname, \sum and a few symbols.
  const SYMBOLS = { partial: '∂', cdot: '·', odot: '⊙', delta: 'δ', sigma: 'σ', sum: 'Σ', eta: 'η', top: 'T',
    times: '×', ln: 'ln', log: 'log', exp: 'exp', max: 'max', min: 'min', tanh: 'tanh', backslash: '\\', quad: ' ', left: '', right: '' };
  function tex(src) {
    let pos = 0;
    function group() { // one argument: {…} or a single token
      skipSpace();
      if (src[pos] === '{') {
        pos++;
        const out = seq('}');
        if (src[pos] !== '}') throw new Error('unclosed {');
        pos++;
        return out;
      }
      return token();
    }
    function skipSpace() { while (src[pos] === ' ') pos++; }
    function token() {
      const c = src[pos];
      if (c === undefined) throw new Error('end of formula');
      if (c === '\\') {
        pos++;
        const m = /^[a-zA-Z]+/.exec(src.slice(pos));
        if (!m) { const ch = src[pos++]; return escapeHTML(ch === ',' || ch === ';' ? ' ' : ch); }
        pos += m[0].length;
        const name = m[0];
        if (name === 'frac' || name === 'tfrac' || name === 'dfrac') {
          const num = group(), den = group();
          return '<span class="frac"><span>' + num + '</span><span>' + den + '</span></span>';
        }
        if (name === 'text' || name === 'mathrm' || name === 'operatorname') return '<span class="up">' + group() + '</span>';
        if (name in SYMBOLS) return name.length > 1 && /^[a-z]{2,}$/.test(SYMBOLS[name]) ? '<span class="up">' + SYMBOLS[name] + '</span>' : SYMBOLS[name];
        return escapeHTML(name);
      }
      pos++;
      if (/[a-zA-Z]/.test(c)) return '<i>' + c + '</i>';
      return escapeHTML(c);
    }
    function seq(end) {
      let out = '';
      while (pos < src.length && src[pos] !== end) {
        const c = src[pos];
        if (c === '_' || c === '^') {
          pos++;
          const g = group();
          out += c === '_' ? '<sub>' + g + '</sub>' : '<sup>' + g + '</sup>';
        } else if (c === '{') {
          out += group();
        } else if (c === '}') {
          throw new Error('unopened }');
        } else {
          out += token();
        }
      }
      return out;
    }
    const out = seq(undefined);
    return out;
  }
  pg.tex = tex;

  // ---- wiring ----

  async function openSession() {
    const info = await api('/api/session', { method: 'POST' });
    pg.session = info.session;
    pg.info = info;
    pg.frame = null;
    pg.latest = null;
    for (const [id, file] of [['dl-network', 'network.json'], ['dl-diagram', 'diagram.svg'], ['dl-loss', 'loss.svg'], ['dl-trace', 'trace.md']]) {
      $(id).href = withSession('/api/download/' + file);
    }
    openStream();
    return info;
  }

  function setDownloadSample() {
    $('dl-diagram').href = withSession('/api/download/diagram.svg?sample=' + pg.sample);
  }

  async function start() {
    let info;
    try {
      info = await openSession();
    } catch (e) {
      showMessage(e.message);
      $('status').textContent = 'no session';
      return;
    }
    fillSelect('dataset', info.datasets.map((d) => d.name).concat(['upload']),
      info.datasets.map((d) => d.name).concat(['your CSV (upload one)']));
    $('dataset').querySelector('option[value=upload]').disabled = true;
    for (const k of ['activation', 'output', 'loss', 'init', 'optimizer']) fillSelect(k, info.choices[k]);
    fillForm(info.tutorial);
    for (const id of ['run', 'reset', 'step']) $(id).disabled = false;

    $('form').addEventListener('submit', (e) => { e.preventDefault(); applySetup(); });
    for (const f of fields) {
      if (f === 'dataset') continue;
      $(f).addEventListener('change', () => { showInit(); applySetup(); });
    }
    $('dataset').addEventListener('change', () => {
      const d = datasetInfo($('dataset').value);
      if (d) fillForm(Object.assign({}, d.defaults, { speed: $('speed').value }));
      applySetup(true);
    });
    $('preset-tutorial').addEventListener('click', () => { fillForm(pg.info.tutorial); applySetup(true); });
    $('new-seed').addEventListener('click', () => { $('seed').value = String(Math.floor(Math.random() * 1e9)); applySetup(); });
    $('run').addEventListener('click', () => command(() => post(pg.latest && pg.latest.status === 'running' ? '/api/pause' : '/api/run')).then((r) => { if (r) { pg.lastServerMessage = ''; } }));
    $('reset').addEventListener('click', () => command(() => post('/api/reset')).then((r) => { if (r) { pg.trace = null; renderTrace(null); clearMessage(); } }));
    $('step').addEventListener('click', async () => {
      const t = await command(() => post('/api/step'));
      if (t) { pg.trace = t; renderTrace(t); }
    });
    $('sample').addEventListener('change', () => {
      const v = Number($('sample').value);
      const max = pg.frame ? pg.frame.samples - 1 : 0;
      if (!Number.isInteger(v) || v < 0 || v > max) {
        showMessage('mlp: sample is ' + JSON.stringify($('sample').value) + ', want a whole number from 0 to ' + max);
        return;
      }
      pg.sample = v;
      setDownloadSample();
      openStream();
    });
    $('csv').addEventListener('change', async () => {
      const file = $('csv').files[0];
      if (!file) return;
      const most = pg.info.limits.uploadBytes;
      if (file.size > most) {
        showMessage('mlp: the CSV is ' + file.size + ' bytes, more than the ' + most + ' the server takes (-max-upload)');
        return;
      }
      const d = await command(() => post('/api/upload?name=' + encodeURIComponent(file.name), file, { 'Content-Type': 'text/csv' }));
      if (!d) return;
      pg.upload = d;
      const opt = $('dataset').querySelector('option[value=upload]');
      opt.disabled = false;
      opt.textContent = 'your CSV: ' + file.name;
      fillForm(Object.assign({}, d.defaults, { speed: $('speed').value }));
      $('dataset').value = 'upload';
      showDatasetTitle();
      applySetup(true);
    });
    const canvas = $('diagram');
    canvas.addEventListener('mousemove', (e) => {
      const r = canvas.getBoundingClientRect();
      const h = hitTest(e.clientX - r.left, e.clientY - r.top);
      if (JSON.stringify(h) === JSON.stringify(pg.hover)) return;
      pg.hover = h;
      if (pg.frame) { drawDiagram(); showHover(); }
    });
    canvas.addEventListener('mouseleave', () => { pg.hover = null; if (pg.frame) { drawDiagram(); showHover(); } });
    window.addEventListener('resize', () => { if (pg.frame) drawDiagram(); });
    // Closing the page stops its training; if the beacon is lost, the
    // session expires when its stream has been closed for -session-idle.
    window.addEventListener('pagehide', () => { if (pg.session) navigator.sendBeacon(withSession('/api/close')); });
  }

  // For the browser test: the hover of a unit or weight, as the mouse
  // would set it.
  pg.setHover = (h) => { pg.hover = h; drawDiagram(); showHover(); };

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();

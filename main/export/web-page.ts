/**
 * The web page that comes with an exported model: plain HTML and ES2017 scripts (no modules), so it
 * opens from a folder on disk (file://) as well as from any web server, with TensorFlow.js from a
 * copy beside it, never from a CDN. The weights travel inside model-data.js for the same reason:
 * a page opened from disk may not fetch() the model.json next to it.
 */

/**
 * The seed → latent rule of main/latent/seed-latent.ts, written again for the browser: counter-based
 * mixing (randomFor), mulberry32 (seededRandom) and Box–Muller (normalFrom). A unit test checks it
 * draws the very same numbers as the app.
 */
export const latentScript = `
function ganvasSeededRandom(seed) {
  var state = Math.imul((seed ^ (seed >>> 16)) >>> 0, 0x45d9f3b) >>> 0;
  state = Math.imul(state ^ (state >>> 16), 0x45d9f3b) >>> 0;
  state = (state ^ (state >>> 16)) >>> 0;
  return function () {
    state = (state + 0x6d2b79f5) >>> 0;
    var t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function ganvasRandomFor(seed, counter) {
  var h = Math.imul(seed >>> 0, 0x9e3779b1) >>> 0;
  var parts = [counter >>> 0, Math.floor(counter / 4294967296) >>> 0];
  for (var i = 0; i < parts.length; i++) {
    h = Math.imul(h ^ parts[i], 0x85ebca6b) >>> 0;
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
    h = (h ^ (h >>> 16)) >>> 0;
  }
  return ganvasSeededRandom(h);
}
function ganvasLatentForSeed(seed, dimensions, truncation) {
  var random = ganvasRandomFor(seed, 0x5eed);
  var out = new Float32Array(dimensions);
  for (var i = 0; i < dimensions; i++) {
    var u = 1 - random();
    var v = random();
    out[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v) * truncation;
  }
  return out;
}
`;

const pageScript = `
(function () {
  'use strict';
  var data = window.GANVAS_MODEL;
  var status = document.getElementById('status');
  var canvas = document.getElementById('sample');
  var seedInput = document.getElementById('seed');
  var truncation = document.getElementById('truncation');
  var sliders = [];
  var model = null;
  var drawing = false;
  var again = false;

  function bytesOf(base64) {
    var text = atob(base64);
    var bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    return bytes.buffer;
  }

  function latent() {
    var seed = Math.max(0, Math.floor(Number(seedInput.value) || 0));
    var z = ganvasLatentForSeed(seed, data.latentDim, Number(truncation.value));
    sliders.forEach(function (slider, d) {
      var amount = Number(slider.value);
      var direction = data.directions[d];
      for (var i = 0; i < z.length; i++) z[i] += amount * direction[i];
    });
    return { seed: seed, z: z };
  }

  // Latest input wins: a slider moved while drawing asks for one more drawing, never a queue.
  function draw() {
    if (!model) return;
    if (drawing) { again = true; return; }
    drawing = true;
    var wanted = latent();
    var image = tf.tidy(function () {
      var out = model.predict(tf.tensor2d(Array.from(wanted.z), [1, data.latentDim]));
      return out.squeeze([0]).add(1).div(2).clipByValue(0, 1);
    });
    tf.browser.toPixels(image, canvas).then(function () {
      image.dispose();
      status.textContent = 'Seed ' + wanted.seed;
      status.setAttribute('data-drawn-seed', String(wanted.seed));
      drawing = false;
      if (again) { again = false; draw(); }
    });
  }

  function addSliders() {
    var box = document.getElementById('directions');
    data.directions.forEach(function (_, d) {
      var label = document.createElement('label');
      var name = data.directionNames[d] || 'Direction ' + (d + 1);
      label.textContent = name + ' ';
      var slider = document.createElement('input');
      slider.type = 'range'; slider.min = '-3'; slider.max = '3'; slider.step = '0.05'; slider.value = '0';
      slider.setAttribute('aria-label', name);
      slider.addEventListener('input', draw);
      label.appendChild(slider);
      box.appendChild(label);
      sliders.push(slider);
    });
  }

  document.getElementById('random').addEventListener('click', function () {
    seedInput.value = String(Math.floor(Math.random() * 100000));
    draw();
  });
  document.getElementById('previous').addEventListener('click', function () {
    seedInput.value = String(Math.max(0, Number(seedInput.value) - 1)); draw();
  });
  document.getElementById('next').addEventListener('click', function () {
    seedInput.value = String(Number(seedInput.value) + 1); draw();
  });
  seedInput.addEventListener('input', draw);
  truncation.addEventListener('input', draw);

  // The CPU backend draws the same pixels everywhere; a 32–128 px generator is quick enough on it.
  tf.setBackend('cpu').then(function () {
    return tf.loadLayersModel(tf.io.fromMemory({
      modelTopology: data.model.modelTopology,
      weightSpecs: data.model.weightsManifest[0].weights,
      weightData: bytesOf(data.weights)
    }));
  }).then(function (loaded) {
    model = loaded;
    canvas.width = data.size; canvas.height = data.size;
    addSliders();
    draw();
  }).catch(function (error) {
    status.textContent = 'The model could not be loaded: ' + error.message;
  });
})();
`;

const escapeHtml = (text: string) =>
  text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] ?? c);

export function webPageHtml(title: string, size: number): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Ganvas">
<title>${escapeHtml(title)}</title>
<style>
  body { margin: 0; font: 15px/1.4 system-ui, sans-serif; background: #111; color: #eee; display: grid; place-items: center; min-height: 100vh; }
  main { display: grid; gap: 12px; width: min(92vw, 520px); }
  canvas { width: 100%; aspect-ratio: 1; image-rendering: ${size <= 64 ? 'pixelated' : 'auto'}; background: #222; border-radius: 6px; }
  .row { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
  label { display: flex; gap: 8px; align-items: center; justify-content: space-between; }
  input[type=range] { flex: 1; }
  input[type=number] { width: 7em; }
  #directions { display: grid; gap: 4px; }
  small { color: #999; }
</style>
</head>
<body>
<main>
  <h1>${escapeHtml(title)}</h1>
  <canvas id="sample" width="${size}" height="${size}" aria-label="Generated image"></canvas>
  <p id="status" role="status">Loading the model…</p>
  <div class="row">
    <label>Seed <input id="seed" type="number" min="0" step="1" value="0"></label>
    <button id="previous" type="button">◀</button>
    <button id="next" type="button">▶</button>
    <button id="random" type="button">Random</button>
  </div>
  <label>Truncation <input id="truncation" type="range" min="0" max="2" step="0.05" value="1"></label>
  <div id="directions"></div>
  <small>Made with Ganvas. The same seed draws the same image as in the app.</small>
</main>
<script src="tf.min.js"></script>
<script src="model-data.js"></script>
<script>${latentScript}</script>
<script>${pageScript}</script>
</body>
</html>
`;
}

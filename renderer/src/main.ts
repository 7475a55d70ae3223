// First, before the contract builds its schemas: see zod-jitless.ts.
import './lib/zod-jitless.js';
import './styles/theme.css';
import './styles/base.css';
import './styles/controls.css';
import { mount } from 'svelte';
import App from './App.svelte';
import { api } from './lib/api.js';
import { applyTheme, cachedTheme } from './lib/theme.js';
import { Studio } from './stores/studio.svelte.js';

// Paint in the last chosen theme at once; the service's setting takes over when it arrives.
applyTheme(cachedTheme(window.localStorage), document.documentElement, null);

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

const studio = new Studio(api, window);
studio.start();

mount(App, {
  target,
  props: { studio, isMac: /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent) },
});

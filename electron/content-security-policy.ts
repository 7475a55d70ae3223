import { projectFileScheme } from './app-origin.js';

/**
 * Sent as a response header with every page of the app (the protocol handler sets it), so it holds
 * even if the renderer's own <meta> policy were removed. Scripts come only from the app bundle: no
 * inline script, no eval. Styles allow 'unsafe-inline' because Svelte's style: directives and
 * transitions write inline styles; that cannot run code. Images may come from the app, from
 * generated data:/blob: previews and from project files; nothing may be fetched from the network.
 */
export const appContentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  `img-src 'self' data: blob: ${projectFileScheme}:`,
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

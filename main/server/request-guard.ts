import type { IncomingMessage } from 'node:http';

/**
 * Loopback servers are reachable from any web page the user visits: a foreign page can try
 * DNS rebinding (wrong Host) or a cross-site WebSocket (wrong Origin). Only our own origin passes.
 */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

export function hostIsAllowed(request: IncomingMessage, port: number): boolean {
  return allowedHosts(port).has(request.headers.host ?? '');
}

export function originIsAllowed(request: IncomingMessage, port: number): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return false;
  return [...allowedHosts(port)].some((host) => origin === `http://${host}`);
}

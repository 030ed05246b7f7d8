import type { FastifyReply, FastifyRequest } from 'fastify';
import type { JsonBytes } from '../services/json-bytes.ts';

/** Whether the Accept-Encoding header allows gzip (or any encoding) with a weight above 0. */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  if (header === undefined) return false;
  for (const part of (Array.isArray(header) ? header.join(',') : header).split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (name !== 'gzip' && name !== '*') continue;
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find((m) => m !== null);
    if (q === undefined || Number(q[1]) > 0) return true;
  }
  return false;
}

/**
 * Sends a cached JSON answer: its gzip form to a client that accepts gzip (made once, kept with the answer; the
 * compress plugin leaves an encoded reply alone), else its bytes.
 */
export function sendJson(request: FastifyRequest, reply: FastifyReply, json: JsonBytes): FastifyReply {
  reply.type('application/json; charset=utf-8').header('vary', 'accept-encoding');
  if (json.body.byteLength >= 1024 && acceptsGzip(request.headers['accept-encoding'])) {
    return reply.header('content-encoding', 'gzip').send(json.gzip());
  }
  return reply.send(json.body);
}

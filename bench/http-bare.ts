// The ceiling for `npm run bench -- http`: a Fastify app with one route answering a small JSON object, in its own
// process like the real server, listening on a free port it prints to stdout ("port N").
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/bare', () => ({ ok: true, service: 'zhida', at: 'bare' }));
const address = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`port ${new URL(address).port}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));

import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { MAX_INPUT_BYTES } from '../../core/formats/limits.ts';

const limitMiB = MAX_INPUT_BYTES / (1024 * 1024);

const script = `
const form = document.getElementById('form');
const status = document.getElementById('status');
const result = document.getElementById('result');
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const file = document.getElementById('file').files[0];
  if (!file) { status.textContent = '请先选择文件。'; return; }
  status.className = '';
  status.textContent = '解析中…';
  result.hidden = true;
  try {
    const response = await fetch('/api/extract?name=' + encodeURIComponent(file.name), {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: file,
    });
    const json = await response.json();
    if (!response.ok) {
      status.className = 'error';
      status.textContent = '无法解析：' + json.error.message + '（' + json.error.id + '）';
      return;
    }
    status.textContent = '共 ' + json.articles.length + ' 篇文章。';
    result.textContent = JSON.stringify(json, null, 2);
    result.hidden = false;
  } catch (error) {
    status.className = 'error';
    status.textContent = '请求失败：' + error;
  }
});
`;

// The page's own CSP: helmet's default with this one inline script allowed by its hash.
const csp =
  "default-src 'self'; base-uri 'self'; font-src 'self' https: data:; form-action 'self'; frame-ancestors 'self'; " +
  "img-src 'self' data:; object-src 'none'; script-src-attr 'none'; style-src 'self' https: 'unsafe-inline'; " +
  `script-src 'self' 'sha256-${createHash('sha256').update(script).digest('base64')}'`;

// A stand-in until the React app: pick a document, POST its bytes to /api/extract, show the JSON.
const page = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>直达 Zhida · 政策文件解析</title>
<style>
  body { font-family: system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }
  pre { background: #f5f5f5; padding: 1rem; overflow: auto; max-height: 70vh; white-space: pre-wrap; }
  .error { color: #b00020; }
</style>
</head>
<body>
<h1>直达 · 政策文件解析</h1>
<p>选择一份政策文件（文本、HTML、PDF 或 DOCX，不超过 ${limitMiB} MiB），查看解析出的文章、措施、金额、比例和年份。</p>
<form id="form">
  <input type="file" id="file" name="file" accept=".txt,.htm,.html,.pdf,.docx,text/plain,text/html,application/pdf">
  <button type="submit">解析</button>
</form>
<p id="status" role="status"></p>
<pre id="result" hidden></pre>
<script>${script}</script>
</body>
</html>
`;

export async function homeRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/',
    { schema: { summary: 'A page (zh-CN) to upload a document and see its extraction', tags: ['meta'] } },
    async (_request, reply) => reply.header('content-security-policy', csp).type('text/html; charset=utf-8').send(page),
  );
}

// The one way the web app talks to the API: JSON over same-origin fetch with the session cookie, the CSRF token
// echoed on unsafe methods, and every failure turned into an ApiError carrying the server's stable error id.

/** A failed call: `id` is the server's error id (auth.forbidden, rules.invalid…) or http.network / http.bad_answer. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly id: string,
    message: string,
    /** what the error object carried besides id and message (rules.invalid: `errors`) */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// The session cookie is HttpOnly: the token unsafe methods must echo comes from the login answer or /api/auth/me.
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export type QueryValue = string | number | boolean | null | undefined;

/** `?a=1&b=x` from the values that are set (null, undefined and '' are left out). */
export function queryString(query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== null && value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

interface RequestOptions {
  query?: Record<string, QueryValue>;
  json?: unknown;
  /** raw bytes (an uploaded document), sent as application/octet-stream */
  bytes?: Blob;
}

async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.bytes !== undefined) {
    headers['content-type'] = 'application/octet-stream';
    body = options.bytes;
  }
  if (UNSAFE.has(method) && csrfToken !== null) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path + queryString(options.query), { method, headers, body, credentials: 'same-origin' });
  } catch (error) {
    throw new ApiError(0, 'http.network', error instanceof Error ? error.message : String(error));
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    throw new ApiError(response.status, 'http.bad_answer', `${response.status} ${response.statusText}`);
  }
  if (!response.ok) throw errorOf(response, parsed);
  return parsed as T;
}

function errorOf(response: Response, parsed: unknown): ApiError {
  const error = (parsed as { error?: Record<string, unknown> } | undefined)?.error;
  if (error && typeof error.id === 'string') {
    const { id, message, ...details } = error;
    return new ApiError(response.status, id, typeof message === 'string' ? message : id, details);
  }
  return new ApiError(response.status, 'http.bad_answer', `${response.status} ${response.statusText}`);
}

export const api = {
  get: <T>(path: string, query?: Record<string, QueryValue>) => request<T>('GET', path, { query }),
  post: <T>(path: string, json?: unknown, query?: Record<string, QueryValue>) =>
    request<T>('POST', path, { json: json ?? {}, query }),
  put: <T>(path: string, json: unknown) => request<T>('PUT', path, { json }),
  patch: <T>(path: string, json: unknown) => request<T>('PATCH', path, { json }),
  upload: <T>(path: string, bytes: Blob, query?: Record<string, QueryValue>) =>
    request<T>('POST', path, { bytes, query }),
};

/** The TanStack Query options of a GET: the key is the path and its query, so equal reads share one cache entry. */
export function getQuery<T>(path: string, query?: Record<string, QueryValue>) {
  return { queryKey: [path, query ?? {}] as const, queryFn: () => api.get<T>(path, query) };
}

import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { errors, ZhidaError, type ErrorId } from '../core/errors.ts';
import { MAX_INPUT_BYTES } from '../core/formats/limits.ts';
import { formatErrors, type ValidationError } from '../core/rules/validate.ts';

/** Ids of errors the HTTP layer adds to the domain's; clients match on `error.id`, never on the message. */
export type HttpErrorId =
  | ErrorId
  | 'http.not_found'
  | 'http.unsupported_media_type'
  | 'http.invalid_request'
  | 'http.internal'
  | 'http.not_ready'
  | 'auth.required'
  | 'auth.forbidden'
  | 'auth.bad_credentials'
  | 'auth.csrf'
  | 'auth.rate_limited'
  | 'rules.invalid';

export interface ErrorBody {
  /** `errors`: rules.invalid only, what is wrong with the policy node by node */
  error: { id: HttpErrorId; message: string; errors?: ValidationError[] };
}

const statusOf: Partial<Record<ErrorId, number>> = {
  'input.too_large': 413,
  'input.not_found': 404,
  'account.exists': 409,
  'token.not_found': 404,
  'enterprise.not_found': 404,
  'policy.not_found': 404,
  'notification.not_found': 404,
  'request.illegal_transition': 409,
  'request.already_escalated': 409,
  'request.conflict': 409,
  'request.forbidden_action': 403,
  'request.invalid_action': 400,
  'request.not_found': 404,
  'attachment.too_large': 413,
  'attachment.type': 415,
  'attachment.not_found': 404,
  'project.not_found': 404,
  'delivery.not_found': 404,
  'delivery.not_dead': 409,
  'grant.not_found': 404,
  'grant.entry_not_found': 404,
  'grant.illegal_transition': 409,
  'grant.conflict': 409,
};

/** The HTTP status of a domain error (400 unless mapped above): for handlers that answer in another format. */
export function statusOfError(id: ErrorId): number {
  return statusOf[id] ?? 400;
}

/** An error a route throws with its own status and id (404 for an unknown policy, 400 for a bad profile). */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly id: HttpErrorId,
    message: string,
    /** rules.invalid: the validation errors, also listed in the message */
    readonly errors?: ValidationError[],
  ) {
    super(message);
  }
}

export function httpError(statusCode: number, id: HttpErrorId, message: string): HttpError {
  return new HttpError(statusCode, id, message);
}

/** 400 rules.invalid: a policy that fails validation, its errors in the message and as a list. */
export function rulesInvalid(errors: ValidationError[]): HttpError {
  return new HttpError(400, 'rules.invalid', `the policy is not valid:\n${formatErrors(errors)}`, errors);
}

/** The errors of signing in and of access; one factory each so the status and id always go together. */
export const authErrors = {
  required: () => httpError(401, 'auth.required', 'sign in first: send the session cookie or an API token'),
  forbidden: (roles: readonly string[]) =>
    httpError(403, 'auth.forbidden', `this needs the role ${roles.join(' or ')}; your account does not have it`),
  badCredentials: () => httpError(401, 'auth.bad_credentials', 'the username or the password is wrong'),
  csrf: () =>
    httpError(
      403,
      'auth.csrf',
      'the x-csrf-token header is missing or wrong; send the csrfToken the login answered with',
    ),
  rateLimited: (minutes: number) =>
    httpError(
      429,
      'auth.rate_limited',
      `too many failed sign-ins for this username from your address; try again in ${minutes} minute(s)`,
    ),
};

function body(id: HttpErrorId, message: string, errors?: ValidationError[]): ErrorBody {
  return { error: errors === undefined ? { id, message } : { id, message, errors } };
}

/** One place that turns any thrown error into `{error: {id, message}}` with its status; 5xx are logged. */
export function errorHandler(err: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err instanceof ZhidaError) return reply.status(statusOf[err.id] ?? 400).send(body(err.id, err.message));
  if (err instanceof HttpError) return reply.status(err.statusCode).send(body(err.id, err.message, err.errors));

  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE': {
      const declared = Number(request.headers['content-length']);
      const size = Number.isFinite(declared) && declared > 0 ? declared : MAX_INPUT_BYTES + 1;
      return reply.status(413).send(body('input.too_large', errors.tooLarge(size, MAX_INPUT_BYTES).message));
    }
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return reply
        .status(415)
        .send(
          body(
            'http.unsupported_media_type',
            `unsupported content type ${request.headers['content-type'] ?? '(none)'}; send the document's bytes as ` +
              'application/octet-stream, text/plain, text/html, application/pdf or the DOCX type',
          ),
        );
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return reply.status(400).send(body('input.empty', errors.emptyInput().message));
  }
  if (err.validation) return reply.status(400).send(body('http.invalid_request', err.message));
  if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
    return reply.status(err.statusCode).send(body('http.invalid_request', err.message));
  }
  request.log.error({ err }, 'request failed');
  return reply.status(500).send(body('http.internal', 'internal error; the server log has the details'));
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply.status(404).send(body('http.not_found', `no route ${request.method} ${request.url.split('?')[0]}`));
}

// JSON schemas the routes share, for validation and for the OpenAPI document (/api/openapi.json).

/** `{error: {id, message}}`: the body of every 4xx and 5xx (errors.ts). */
export const errorBody = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['id', 'message'],
      properties: {
        id: { type: 'string', description: 'stable: clients match on it' },
        message: { type: 'string', description: 'what to fix, in words' },
        errors: {
          type: 'array',
          description: 'rules.invalid only: what is wrong with the policy, node by node',
          items: {
            type: 'object',
            required: ['path', 'message'],
            properties: { path: { type: 'string' }, message: { type: 'string' } },
          },
        },
      },
    },
  },
} as const;

/** The error answers of every route; a route's own 2xx come first. */
export const errorResponses = { '4xx': errorBody, '5xx': errorBody } as const;

/** Routes that need an account: the session cookie (with x-csrf-token on writes) or an API token. */
export const signedIn: { [scheme: string]: string[] }[] = [{ session: [] }, { bearer: [] }];

/** An account as responses show it (AccountView). */
export const accountView = {
  type: 'object',
  required: ['id', 'username', 'displayName', 'role', 'department', 'region', 'uscc'],
  properties: {
    id: { type: 'integer' },
    username: { type: 'string' },
    displayName: { type: 'string' },
    role: { type: 'string', enum: ['admin', 'policy_operator', 'service_coordinator', 'enterprise_user'] },
    department: { type: ['string', 'null'] },
    region: { type: ['string', 'null'] },
    uscc: { type: ['string', 'null'] },
  },
} as const;

/** An object whose shape is documented elsewhere (design/*.md): serialised as it is, nothing dropped. */
export const openObject = (description: string) =>
  ({ type: 'object', additionalProperties: true, description }) as const;

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The OpenAPI description of a route answering an Excel workbook (produces and 200), errors as JSON. */
export const xlsxResponse = {
  produces: [XLSX],
  response: {
    200: { description: 'an XLSX workbook', content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } } },
    ...errorResponses,
  },
};

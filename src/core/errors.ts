// One place for the errors Zhida reports to users. Each has a stable `id` that clients and tests match on;
// the message says what is wrong and, where it can, what to do about it.

export type ErrorId =
  | 'input.empty'
  | 'input.binary'
  | 'input.encoding'
  | 'input.too_large'
  | 'input.not_found'
  | 'input.unreadable'
  | 'input.format'
  | 'search.bad_query'
  | 'search.bad_filter'
  | 'enterprise.not_found'
  | 'enterprise.invalid'
  | 'import.columns'
  | 'import.unparsable'
  | 'demo.not_empty'
  | 'policy.not_found'
  | 'account.invalid'
  | 'account.exists'
  | 'token.not_found';

export class ZhidaError extends Error {
  readonly id: ErrorId;

  constructor(id: ErrorId, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ZhidaError';
    this.id = id;
  }
}

export const errors = {
  emptyInput: () => new ZhidaError('input.empty', 'the file is empty'),
  binaryInput: (what = 'binary data') =>
    new ZhidaError('input.binary', `the file holds ${what}, not a policy document (text, HTML, PDF or DOCX)`),
  unknownEncoding: () =>
    new ZhidaError(
      'input.encoding',
      'the text encoding could not be read (expected UTF-8, UTF-16 or GB18030/GBK); save the file as UTF-8',
    ),
  tooLarge: (size: number, limit: number) =>
    new ZhidaError('input.too_large', `the file is ${size} bytes, over the limit of ${limit} bytes`),
  notFound: () => new ZhidaError('input.not_found', 'no such file'),
  unreadable: (reason: string) => new ZhidaError('input.unreadable', `the file cannot be read: ${reason}`),
  badFormat: (format: string, reason: string) =>
    new ZhidaError('input.format', `the ${format} file is damaged or unsupported: ${reason}`),
  badSearchQuery: (reason: string) => new ZhidaError('search.bad_query', `the search query ${reason}`),
  badSearchFilter: (filter: string, reason: string) => new ZhidaError('search.bad_filter', `${filter}: ${reason}`),
  enterpriseNotFound: (uscc: string) =>
    new ZhidaError('enterprise.not_found', `no enterprise with the unified social credit code ${uscc}`),
  invalidEnterprise: (uscc: string, reason: string) =>
    new ZhidaError('enterprise.invalid', `the profile of ${uscc} would be invalid: ${reason}`),
  importColumns: (reason: string) => new ZhidaError('import.columns', `the header row ${reason}`),
  importUnparsable: (format: string, reason: string) =>
    new ZhidaError('import.unparsable', `the ${format} file cannot be read as a table: ${reason}`),
  demoNotEmpty: (count: number) =>
    new ZhidaError(
      'demo.not_empty',
      `the database already holds ${count} enterprises; zhida demo fills an empty enterprise table (use another --db)`,
    ),
  policyNotFound: (id: string) => new ZhidaError('policy.not_found', `no policy with the id ${id}`),
  invalidAccount: (reason: string) => new ZhidaError('account.invalid', `the account is not valid: ${reason}`),
  tokenNotFound: (id: number) => new ZhidaError('token.not_found', `you have no API token with the id ${id}`),
  accountExists: (username: string) =>
    new ZhidaError('account.exists', `an account named ${username} exists already; pick another username`),
};

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
  | 'notification.not_found'
  | 'account.invalid'
  | 'account.exists'
  | 'token.not_found'
  | 'request.illegal_transition'
  | 'request.forbidden_action'
  | 'request.invalid_action'
  | 'request.already_escalated'
  | 'calendar.invalid'
  | 'category.invalid'
  | 'request.not_found'
  | 'request.conflict'
  | 'request.invalid'
  | 'attachment.too_large'
  | 'attachment.type'
  | 'attachment.not_found'
  | 'project.not_found'
  | 'project.invalid'
  | 'settings.invalid'
  | 'subscription.invalid'
  | 'delivery.not_found'
  | 'delivery.not_dead'
  | 'grant.not_found'
  | 'grant.entry_not_found'
  | 'grant.illegal_transition'
  | 'grant.invalid'
  | 'grant.conflict';

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
  notificationNotFound: (id: number) =>
    new ZhidaError('notification.not_found', `the enterprise has no notification with the id ${id}`),
  invalidAccount: (reason: string) => new ZhidaError('account.invalid', `the account is not valid: ${reason}`),
  tokenNotFound: (id: number) => new ZhidaError('token.not_found', `you have no API token with the id ${id}`),
  accountExists: (username: string) =>
    new ZhidaError('account.exists', `an account named ${username} exists already; pick another username`),
  // Requests (诉求): the state machine names the state and the action in every refusal.
  illegalTransition: (state: string, action: string, why: string) =>
    new ZhidaError('request.illegal_transition', `a request that is ${state} cannot be ${action}: ${why}`),
  forbiddenAction: (message: string) => new ZhidaError('request.forbidden_action', message),
  invalidAction: (action: string, state: string, reason: string) =>
    new ZhidaError('request.invalid_action', `cannot ${action} the request (${state}): ${reason}`),
  alreadyEscalated: (deadline: string) =>
    new ZhidaError('request.already_escalated', `the request was escalated for its deadline ${deadline} already`),
  invalidCalendar: (reasons: string) =>
    new ZhidaError('calendar.invalid', `the working-day calendar is not valid: ${reasons}`),
  invalidCategory: (reasons: string) =>
    new ZhidaError('category.invalid', `the request category is not valid: ${reasons}`),
  requestNotFound: (id: number | string) => new ZhidaError('request.not_found', `no request with the id ${id}`),
  requestConflict: (id: number | string, version: number) =>
    new ZhidaError(
      'request.conflict',
      `request ${id} was changed by someone else meanwhile (it is at version ${version} now); reload it and try again`,
    ),
  invalidRequest: (reason: string) => new ZhidaError('request.invalid', `the request is not valid: ${reason}`),
  attachmentTooLarge: (size: number, limit: number) =>
    new ZhidaError('attachment.too_large', `the attachment is ${size} bytes, over the limit of ${limit} bytes`),
  attachmentType: (reason: string) =>
    new ZhidaError(
      'attachment.type',
      `the attachment is refused: ${reason}; attach a PDF, PNG, JPEG, DOCX, XLSX or plain-text (UTF-8) file`,
    ),
  attachmentNotFound: (id: number) => new ZhidaError('attachment.not_found', `no attachment with the id ${id}`),
  projectNotFound: (what: string) => new ZhidaError('project.not_found', `no ${what}`),
  invalidProject: (reason: string) => new ZhidaError('project.invalid', `the project is not valid: ${reason}`),
  invalidSettings: (reason: string) => new ZhidaError('settings.invalid', `the settings are not valid: ${reason}`),
  // Push (issue 7).
  invalidSubscription: (reason: string) =>
    new ZhidaError('subscription.invalid', `the subscription is not valid: ${reason}`),
  deliveryNotFound: (id: number) => new ZhidaError('delivery.not_found', `no delivery with the id ${id}`),
  deliveryNotDead: (id: number, state: string) =>
    new ZhidaError('delivery.not_dead', `delivery ${id} is ${state}, not dead: only a dead letter can be requeued`),
  // 免申即享 lists (issue 7): the state machine names the state and the action in every refusal.
  grantNotFound: (id: number) => new ZhidaError('grant.not_found', `no 免申即享 list with the id ${id}`),
  grantEntryNotFound: (id: number) =>
    new ZhidaError('grant.entry_not_found', `no 免申即享 list entry with the id ${id}`),
  grantIllegalTransition: (state: string, action: string, why: string) =>
    new ZhidaError('grant.illegal_transition', `a 免申即享 list that is ${state} cannot ${action}: ${why}`),
  invalidGrant: (reason: string) => new ZhidaError('grant.invalid', reason),
  grantConflict: (id: number, version: number) =>
    new ZhidaError(
      'grant.conflict',
      `免申即享 list ${id} was changed by someone else meanwhile (it is at version ${version} now); reload it and try again`,
    ),
};

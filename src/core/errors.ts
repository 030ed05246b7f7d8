// One place for the errors Zhida reports to users. Each has a stable `id` that clients and tests match on;
// the message says what is wrong and, where it can, what to do about it.

export type ErrorId =
  | 'input.empty'
  | 'input.binary'
  | 'input.encoding'
  | 'input.too_large'
  | 'input.not_found'
  | 'input.unreadable'
  | 'input.format';

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
};

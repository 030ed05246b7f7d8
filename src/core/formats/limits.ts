// Policy documents are a few kilobytes to a few megabytes; anything much larger is a mistake (a scanned
// archive, a database dump) and would only cost memory. The CLI and the server check this before reading.
export const MAX_INPUT_BYTES = 50 * 1024 * 1024;

// Where lines that are not request logs go by default: stderr, written as they come.

export type Log = (line: string) => void;

export const logToStderr: Log = (line) => void process.stderr.write(line);

/** For tests that provoke failures on purpose: the lines go nowhere. */
export const silentLog: Log = () => undefined;

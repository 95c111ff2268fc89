/** Where the CLI's user-facing text goes: injected, so tests capture it and src/ never uses console. */
export interface Output {
  /** A line (or block) for stdout: results, the start banner. */
  out(text: string): void;
  /** A line (or block) for stderr: errors, hints. */
  err(text: string): void;
}

export const processOutput: Output = {
  out: (text) => {
    process.stdout.write(`${text}\n`);
  },
  err: (text) => {
    process.stderr.write(`${text}\n`);
  },
};


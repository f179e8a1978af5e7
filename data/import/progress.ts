import cliProgress from 'cli-progress';
import type { ProgressFn } from './report.ts';

/** A cli-progress bar on a terminal, otherwise a plain line at most every 2 s (logs, CI). */
export function progressReporter(
  label: string,
  tty = Boolean(process.stdout.isTTY),
): { onProgress: ProgressFn; stop(): void } {
  if (tty) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {percentage}% {value}/{total} rows | {duration}s` },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      onProgress: ({ done, total }) => {
        if (!started) {
          bar.start(total, 0);
          started = true;
        }
        bar.update(done);
      },
      stop: () => {
        if (started) bar.stop();
      },
    };
  }
  let last = 0;
  return {
    onProgress: ({ done, total }) => {
      const now = Date.now();
      if (now - last < 2000 && done < total) return;
      last = now;
      console.log(`${label}: ${done}/${total} rows`);
    },
    stop: () => undefined,
  };
}

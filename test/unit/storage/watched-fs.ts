import { nodeDurableFs, type DurableFs } from '../../../drivers/durable-file.js';

/**
 * Node's file-system calls for writeFileDurable and fsyncTree, recording the path of every fsync in
 * order (`onFsync` sees each as it happens); with `failFsync` every fsync fails with EIO instead.
 */
export function watchedFs(options: { failFsync?: boolean; onFsync?: (path: string) => void } = {}): {
  fs: DurableFs;
  synced: string[];
} {
  const paths = new Map<number, string>();
  const synced: string[] = [];
  const fs: DurableFs = {
    ...nodeDurableFs,
    openSync: (path, flags, mode) => {
      const fd = nodeDurableFs.openSync(path, flags, mode);
      paths.set(fd, path);
      return fd;
    },
    fsyncSync: (fd) => {
      if (options.failFsync) throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
      const path = paths.get(fd)!;
      options.onFsync?.(path);
      synced.push(path);
      nodeDurableFs.fsyncSync(fd);
    },
  };
  return { fs, synced };
}

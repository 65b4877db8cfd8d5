/**
 * `estation bench import --json`: a large university's export through `estation central import`.
 *
 * - import.total_ms       30,000 students with 50 courses each from CSV (a students file and a grades
 *                         file of 1.5 million rows, ordered by term as exports are, not by student), the
 *                         shipped jwxt mappings, into a new central database (target <= 60,000)
 * - import.people_per_s   students imported per second
 * - import.peak_rss_mb    the import process's peak resident memory (target <= 400)
 * - central.lookup_p95_ms a card lookup on the imported database, 95th percentile of 2,000 (target <= 20)
 *
 * The import runs as its own process (the command an admin runs), so the memory is the import's alone.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteCentralStore } from '../../central/store/sqlite.js';
import { REPO_ROOT } from '../../lib/repo-root.js';

const STUDENTS = 30_000;
const COURSES = 50;
const LOOKUPS = 2_000;
const COLLEGES = ['经济学院', '外国语学院', '机械工程学院', '计算机科学与技术学院'];
const STATUSES = ['在读', '在读', '在读', '在读', '在读', '在读', '休学', '退学', '毕业', '结业'];

const idOf = (i: number) => `20${20 + (i % 5)}${String(i).padStart(6, '0')}`;
const cardOf = (i: number) => String(3_000_000_000 + i * 7);

/** Writes the two files in chunks (the benchmark's own memory is not what it measures). */
function writeExport(dir: string): { students: string; grades: string } {
  const students = join(dir, 'students.csv');
  const grades = join(dir, 'grades.csv');
  const out = (file: string, header: string, lines: (emit: (s: string) => void) => void) => {
    const fd = openSync(file, 'w');
    let buf = `${header}\r\n`;
    lines((s) => {
      buf += `${s}\r\n`;
      if (buf.length > 1 << 20) {
        writeSync(fd, buf);
        buf = '';
      }
    });
    writeSync(fd, buf);
    closeSync(fd);
  };
  out(students, '学号,姓名,性别,学院,专业,年级,学制,入学日期,学籍状态,培养层次,校园卡号', (emit) => {
    for (let i = 0; i < STUDENTS; i++) {
      const year = 2020 + (i % 5);
      emit(
        `${idOf(i)},欧阳${String.fromCodePoint(0x4e00 + (i % 20000))},${i % 2 ? '男' : '女'},${COLLEGES[i % 4]},金融学,${year},4,${year}-09-01,${STATUSES[i % 10]},本科,${cardOf(i)}`,
      );
    }
  });
  out(grades, '学号,学年学期,课程代码,课程名称,学分,成绩,课程性质,考试性质', (emit) => {
    // Term by term, as exports come: a student's courses are spread over the whole file.
    for (let c = 0; c < COURSES; c++) {
      const term = `2022-2023-${1 + (c % 2)}`;
      for (let i = 0; i < STUDENTS; i++)
        emit(
          `${idOf(i)},${term},C${1000 + c},课程${c},${1 + (c % 5)},${c % 7 === 0 ? '良好' : 60 + ((i + c) % 40)},${c % 5 === 0 ? '公选' : '必修'},正常考试`,
        );
    }
  });
  return { students, grades };
}

/** The process's peak resident memory so far, in MB (Linux; 0 elsewhere). */
function peakRssMb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

async function runImportProcess(args: string[]): Promise<{ ms: number; rssMb: number; stdout: string }> {
  const start = performance.now();
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'estation'), 'central', 'import', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += String(d)));
  child.stderr.on('data', (d: Buffer) => (stderr += String(d)));
  let rssMb = 0;
  const poll = setInterval(() => (rssMb = Math.max(rssMb, peakRssMb(child.pid!))), 50);
  const code = await new Promise<number | null>((res) => child.once('exit', res));
  clearInterval(poll);
  if (code !== 0) throw new Error(`the import exited with ${code}: ${stderr || stdout}`);
  return { ms: performance.now() - start, rssMb, stdout };
}

export async function run(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'estation-bench-import-'));
  try {
    const { students, grades } = writeExport(dir);
    const data = join(dir, 'central');
    const maps = join(REPO_ROOT, 'central', 'import', 'mappings');
    const imported = await runImportProcess([
      students,
      '--grades',
      grades,
      '--mapping',
      join(maps, 'jwxt-students.json'),
      '--grades-mapping',
      join(maps, 'jwxt-grades.json'),
      '--data',
      data,
      '--json',
    ]);
    const report = JSON.parse(imported.stdout) as { created: number };
    if (report.created !== STUDENTS) throw new Error(`the import created ${report.created} of ${STUDENTS} students`);

    const store = new SqliteCentralStore(join(data, 'central.sqlite'));
    const times: number[] = [];
    try {
      for (let k = 0; k < LOOKUPS; k++) {
        const card = cardOf((k * 7919) % STUDENTS);
        const t = performance.now();
        const found = await store.lookupCard(card);
        times.push(performance.now() - t);
        if (!found) throw new Error(`card ${card} of an imported student was not found`);
      }
    } finally {
      await store.close();
    }
    times.sort((a, b) => a - b);
    return {
      'import.total_ms': Math.round(imported.ms),
      'import.people_per_s': Math.round(STUDENTS / (imported.ms / 1000)),
      'import.peak_rss_mb': Math.round(imported.rssMb),
      'central.lookup_p95_ms': Math.round(times[Math.floor(LOOKUPS * 0.95)]! * 100) / 100,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

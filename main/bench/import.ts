/**
 * `estation bench import --json`: a large university's export through `estation central import`.
 *
 * - import.total_ms       30,000 students of the generated campus (central/seed/campus.ts) with 50
 *                         courses each (and the make-ups and retakes their fails bring) from CSV (a
 *                         students file and a grades file of about 1.6 million rows, ordered by term as
 *                         exports are, not by student), the shipped jwxt mappings, into a new central
 *                         database (target <= 60,000)
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
import { STATUS_LABELS } from '../../shared/domain.js';
import { COURSE_TYPE_LABELS, LEVEL_LABELS } from '../../central/people/document-data.js';
import { GENDER } from '../../central/people/gender.js';
import { campusPeople } from '../../central/seed/campus.js';
import { SqliteCentralStore } from '../../central/store/sqlite.js';
import { REPO_ROOT } from '../../lib/repo-root.js';

const STUDENTS = 30_000;
const COURSES = 50;
const LOOKUPS = 2_000;

/** A file written in chunks (the benchmark's own memory is not what it measures). */
class ChunkedFile {
  private fd: number;
  private buf = '';
  constructor(file: string, header: string) {
    this.fd = openSync(file, 'w');
    this.line(header);
  }
  line(s: string): void {
    this.buf += `${s}\r\n`;
    if (this.buf.length > 1 << 20) {
      writeSync(this.fd, this.buf);
      this.buf = '';
    }
  }
  close(): void {
    writeSync(this.fd, this.buf);
    closeSync(this.fd);
  }
}

/**
 * The export of the generated campus (central/seed/campus.ts, the demo's generator: one generator,
 * not two), in the jwxt mappings' words: students one row each, grades term by term as exports come
 * (each term in its own file first, then joined), so a student's courses are spread over the whole file.
 */
export function writeExport(dir: string, count = STUDENTS): { students: string; grades: string; cards: string[] } {
  const students = new ChunkedFile(
    join(dir, 'students.csv'),
    '学号,姓名,性别,学院,专业,学制,入学日期,学籍状态,培养层次,校园卡号',
  );
  const byTerm = new Map<string, ChunkedFile>();
  const header = '学号,学年学期,课程代码,课程名称,学分,成绩,课程性质,考试性质';
  const cards: string[] = [];
  for (const p of campusPeople({ people: count, teacherEvery: 0, courses: [COURSES, COURSES], rankings: false })) {
    if (p.role !== 'student') continue;
    cards.push(p.cards[0]!);
    students.line(
      [
        p.id,
        p.name.zh,
        p.gender ? GENDER[p.gender].zh : '',
        p.college.zh,
        p.major?.zh ?? '',
        p.programYears ?? '',
        p.entryDate,
        STATUS_LABELS[p.status].zh,
        LEVEL_LABELS[p.level].zh,
        p.cards.join(';'),
      ].join(','),
    );
    for (const c of p.courses) {
      let file = byTerm.get(c.term);
      if (!file) byTerm.set(c.term, (file = new ChunkedFile(join(dir, `grades-${c.term}.csv`), header)));
      const exam = c.retake ? '重修' : c.makeUp ? '补考' : '正常考试';
      file.line([p.id, c.term, c.code, c.name.zh, c.credits, c.score, COURSE_TYPE_LABELS[c.type].zh, exam].join(','));
    }
  }
  students.close();
  const grades = new ChunkedFile(join(dir, 'grades.csv'), header);
  for (const term of [...byTerm.keys()].sort()) {
    byTerm.get(term)!.close();
    const lines = readFileSync(join(dir, `grades-${term}.csv`), 'utf8')
      .split('\r\n')
      .slice(1, -1);
    for (const l of lines) grades.line(l);
  }
  grades.close();
  return { students: join(dir, 'students.csv'), grades: join(dir, 'grades.csv'), cards };
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
    const { students, grades, cards } = writeExport(dir);
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
        const card = cards[(k * 7919) % cards.length]!;
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

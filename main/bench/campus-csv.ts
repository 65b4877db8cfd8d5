/**
 * Writes a generated campus (central/seed/campus.ts) as an academic-affairs export: a students file
 * and a grades file with Chinese headers and values, shaped like ../shared/samples/jwxt-export (UTF-8
 * here; the import detects it). Streamed, so 30,000 students with their 1.5 M grade rows never sit in
 * memory at once. For `estation bench import`.
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { campusPeople, type CampusOptions } from '../../central/seed/campus.js';
import { STATUS_LABELS } from '../../shared/domain.js';
import type { CourseResult } from '../../shared/person-record.js';

const STUDENT_HEADER = [
  '学号',
  '姓名',
  '性别',
  '学院',
  '专业',
  '年级',
  '学制',
  '入学日期',
  '学籍状态',
  '培养层次',
  '校园卡号',
];
const GRADE_HEADER = ['学号', '学年学期', '课程代码', '课程名称', '学分', '成绩', '课程性质', '考试性质'];
const LEVEL_ZH = { associate: '专科', undergraduate: '本科', master: '硕士研究生', doctoral: '博士研究生' } as const;
const TYPE_ZH: Record<CourseResult['type'], string> = { required: '必修', elective: '选修', 'public-elective': '公选' };
const exam = (c: CourseResult) => (c.retake ? '重修' : c.makeUp ? '补考' : '正常考试');
/** No generated value holds a comma, quote or line break; quoting would hide a generator bug here. */
const line = (cells: (string | number)[]) => `${cells.join(',')}\n`;

async function write(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

async function close(stream: WriteStream): Promise<void> {
  stream.end();
  await once(stream, 'finish');
}

export interface CampusFiles {
  students: string;
  grades: string;
  studentCount: number;
  gradeRows: number;
}

export async function writeCampusCsv(dir: string, options: CampusOptions): Promise<CampusFiles> {
  const files = { students: join(dir, 'students.csv'), grades: join(dir, 'grades.csv') };
  const students = createWriteStream(files.students);
  const grades = createWriteStream(files.grades);
  await write(students, line(STUDENT_HEADER));
  await write(grades, line(GRADE_HEADER));
  let studentCount = 0;
  let gradeRows = 0;
  for (const p of campusPeople({ ...options, teacherEvery: 0 })) {
    if (p.role !== 'student') continue;
    studentCount++;
    await write(
      students,
      line([
        p.id,
        p.name.zh,
        p.gender === 'female' ? '女' : '男',
        p.college.zh,
        p.major?.zh ?? '',
        p.entryDate.slice(0, 4),
        p.programYears ?? '',
        p.entryDate,
        STATUS_LABELS[p.status].zh,
        LEVEL_ZH[p.level],
        p.cards[0] ?? '',
      ]),
    );
    let chunk = '';
    for (const c of p.courses) {
      chunk += line([p.id, c.term, c.code, c.name.zh, c.credits, c.score, TYPE_ZH[c.type], exam(c)]);
      gradeRows++;
    }
    await write(grades, chunk);
  }
  await Promise.all([close(students), close(grades)]);
  return { ...files, studentCount, gradeRows };
}

/**
 * The fields a mapping may fill, read from the record's schema: the certificate fields and the
 * ranking (objects within objects) are columns, the lists of objects are not; a cell-less object is
 * left out of the row.
 */
import { describe, expect, it } from 'vitest';
import { CANONICAL_FIELDS } from '../../../../central/import/canonical-fields.js';
import { BoundMapping, type MappingFile } from '../../../../central/import/mapping.js';
import { PersonRecord } from '../../../../shared/person-record.js';

describe('canonical fields of people files', () => {
  it('include the certificate fields and the ranking at any depth, and no list of objects', () => {
    const people = CANONICAL_FIELDS.people;
    expect(people.get('graduationCertificateNo')).toBe('text');
    expect(people.get('degreeDate')).toBe('date');
    expect(people.get('ranking.rank')).toBe('number');
    expect(people.get('ranking.scope.zh')).toBe('text');
    expect(people.get('ranking.asOf')).toBe('text');
    for (const list of ['languageTests', 'tuition', 'income', 'titleHistory'])
      expect([...people.keys()].filter((k) => k.startsWith(list))).toEqual([]);
    expect(people.get('cards')).toBe('list');
  });

  it('a row fills a graduate’s certificates and ranking, and a blank title is no title', () => {
    const header = [
      '学号',
      '姓名',
      '学院',
      '入学日期',
      '毕业日期',
      '毕业证书编号',
      '学位',
      '学位日期',
      '学位证书编号',
      '排名',
      '人数',
      '范围',
      '截至',
      '职称',
    ];
    const mapping: MappingFile = {
      kind: 'people',
      constants: { role: 'student', status: 'graduated' },
      fields: {
        id: '学号',
        'name.zh': '姓名',
        'college.zh': '学院',
        entryDate: '入学日期',
        graduationDate: '毕业日期',
        graduationCertificateNo: '毕业证书编号',
        'degree.zh': '学位',
        degreeDate: '学位日期',
        degreeCertificateNo: '学位证书编号',
        'ranking.rank': '排名',
        'ranking.of': '人数',
        'ranking.scope.zh': '范围',
        'ranking.asOf': '截至',
        'title.zh': '职称',
      },
    };
    const bound = BoundMapping.bind(mapping, 'g.csv', header);
    const values = [
      '2019000001',
      '欧阳䶮',
      '数学学院',
      '2019/9/1',
      '2023/6/30',
      '105861202305000123',
      '理学学士',
      '2023年6月30日',
      '1058642023000123',
      '3',
      '120',
      '统计学专业2019级',
      '2022-2023-2',
      '',
    ];
    const { value, problems } = bound.apply({ row: 2, values });
    expect(problems).toEqual([]);
    expect(value).not.toHaveProperty('title');
    const record = PersonRecord.parse(value);
    expect(record).toMatchObject({
      graduationCertificateNo: '105861202305000123',
      degree: { zh: '理学学士', en: '' },
      degreeDate: '2023-06-30',
      ranking: { rank: 3, of: 120, scope: { zh: '统计学专业2019级', en: '' }, asOf: '2022-2023-2' },
    });
  });
});

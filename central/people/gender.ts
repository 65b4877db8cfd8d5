/** 性别 as every document prints it (the student and the teacher blocks). */
export const GENDER = { male: { zh: '男', en: 'Male' }, female: { zh: '女', en: 'Female' } } as const;

/** The gender in both languages, empty strings when the record does not say. */
export const genderOf = (g: keyof typeof GENDER | undefined) => (g ? GENDER[g] : { zh: '', en: '' });

/** What the core would send, for the renderer's unit tests; each takes the fields a test cares about. */
import type { CatalogItem } from '../../../shared/domain';
import type { JobView, KioskStatus, MaintenanceView, PreviewView, SessionView } from '../../../shared/kiosk-api';

export function kioskStatus(change: Partial<KioskStatus> = {}): KioskStatus {
  return {
    terminalId: 'library-01',
    terminalName: '图书馆一楼',
    branding: { campusName: { zh: '示范大学', en: 'Demo University' }, primaryColor: '#8b1a1a' },
    defaultLanguage: 'zh',
    demo: true,
    central: 'online',
    reader: { state: 'connected' },
    printer: { state: 'ready' },
    queue: { backlog: 0, oldestAgeS: null },
    outOfService: false,
    reasons: [],
    idleTimeoutS: 60,
    ...change,
  };
}

export function catalogItem(change: Partial<CatalogItem> = {}): CatalogItem {
  return {
    kind: 'enrollment',
    title: { zh: '在读证明', en: 'Certificate of Enrollment' },
    languages: ['zh', 'en'],
    feeCents: 0,
    freeRemaining: 5,
    maxCopies: 3,
    available: true,
    ...change,
  };
}

export function activeSession(sessionId = 's1', catalog: CatalogItem[] = [catalogItem()]): SessionView {
  return {
    state: 'active',
    sessionId,
    person: { name: '李明', nameLatin: 'Li Ming', role: 'student', studentNumber: '2023001' },
    catalog,
  };
}

export function staffPinSession(attemptsLeft = 3): SessionView {
  return { state: 'staff_pin', sessionId: 'staff-1', attemptsLeft };
}

/** A "PDF" of the given bytes (the store decodes the base64; it never parses the PDF). */
export function previewView(bytes: number[] = [37, 80, 68, 70], change: Partial<PreviewView> = {}): PreviewView {
  return {
    kind: 'enrollment',
    language: 'zh',
    pages: 1,
    pdfBase64: btoa(String.fromCharCode(...bytes)),
    placeholders: { serial: 'E-0000000', verificationCode: 'XXXX-XXXX' },
    ...change,
  };
}

export function jobView(change: Partial<JobView> = {}): JobView {
  return {
    jobId: 'job-1',
    kind: 'enrollment',
    language: 'zh',
    copies: 1,
    status: 'requested',
    serial: null,
    error: null,
    ...change,
  };
}

export function maintenanceView(change: Partial<MaintenanceView> = {}): MaintenanceView {
  return {
    staffName: '马建国',
    timeZone: 'Asia/Shanghai',
    printer: { id: 'demo', state: 'idle', acceptingJobs: true, conditions: [], supplies: [] },
    readers: [],
    central: 'online',
    queue: { backlog: 0, oldestAgeS: null, open: 0 },
    attention: [],
    templates: [],
    publishing: { enabled: false, settingsVersion: 0, lastSyncAt: null, refused: [] },
    log: [],
    ...change,
  };
}

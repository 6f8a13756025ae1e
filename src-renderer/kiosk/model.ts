// What the kiosk page knows without asking the server: examples for the default categories'
// tiles (the categories themselves come from kiosk.categories), the report form's rules (the API's own zod field rules, so the page says what the API would), the
// reference format, and plain-language status texts.
import { z } from 'zod';
import { Description, Email, Phone, Subject, text } from '../../src-shared/schemas.ts';
import type { Status } from '../../src-shared/domain.ts';
import type { SubmitInput } from './api.ts';

export type CategorySlug = string;

/** What the default categories' tiles list as examples (other categories show their name only). */
export const TILE_EXAMPLES: Record<string, string> = {
  facility_management: 'Heating, lights, doors, leaks, cleaning, furniture',
  technical_it: 'Wi-Fi, printers, computers, projectors, accounts',
  services_complaints: 'Canteen, library, opening hours, staff, other services',
};

/** The report form as typed; every value is a string. */
export interface ReportValues {
  subject: string;
  details: string;
  building: string;
  room: string;
  name: string;
  contact: string;
}
export const emptyReport = (): ReportValues => ({ subject: '', details: '', building: '', room: '', name: '', contact: '' });
export const isBlank = (v: ReportValues): boolean => Object.values(v).every((s) => s.trim() === '');

export const LIMITS = { subject: 200, details: 20_000, building: 120, room: 60, name: 100, contact: 254 } as const;

const Building = text(1, LIMITS.building, 'Building');
const Room = text(1, LIMITS.room, 'Room');
const Name = text(1, LIMITS.name, 'Name');

const first = (schema: z.ZodType, value: string): string | undefined => {
  const r = schema.safeParse(value);
  return r.success ? undefined : r.error.issues[0]?.message;
};

/** "Email or phone" in one field: an @ makes it an email, anything else a phone number. */
export function splitContact(value: string): { contactEmail?: string; contactPhone?: string } {
  const v = value.trim();
  if (v === '') return {};
  return v.includes('@') ? { contactEmail: v } : { contactPhone: v };
}

export type ReportErrors = Partial<Record<keyof ReportValues, string>>;

export function validateReport(v: ReportValues): ReportErrors {
  const errors: ReportErrors = {};
  const subject = first(Subject, v.subject);
  if (subject) errors.subject = v.subject.trim() === '' ? 'Tell us briefly what is wrong' : subject;
  if (v.details.trim() !== '') {
    const d = first(Description, v.details);
    if (d) errors.details = d;
  }
  const b = first(Building, v.building);
  if (b) errors.building = v.building.trim() === '' ? 'Tell us which building' : b;
  if (v.room.trim() !== '') {
    const r = first(Room, v.room);
    if (r) errors.room = r;
  }
  if (v.name.trim() !== '') {
    const n = first(Name, v.name);
    if (n) errors.name = n;
  }
  const c = splitContact(v.contact);
  if (c.contactEmail !== undefined) {
    const e = first(Email, c.contactEmail);
    if (e) errors.contact = e;
  } else if (c.contactPhone !== undefined) {
    const p = first(Phone, c.contactPhone);
    if (p) errors.contact = /only digits/.test(p) ? 'Enter an email address (name@example.edu) or a phone number' : p;
  }
  return errors;
}

/** "Main building, room 204" — the ticket's location. */
export function locationOf(building: string, room: string): string {
  const b = building.trim();
  const r = room.trim();
  if (r === '') return b;
  return /^room\b/i.test(r) ? `${b}, ${r}` : `${b}, room ${r}`;
}

export function toSubmitInput(category: string, v: ReportValues): SubmitInput {
  const subject = v.subject.trim();
  const details = v.details.trim();
  const input: SubmitInput = {
    category,
    subject,
    // A walk-up report may be one line: then the description repeats the subject.
    description: details === '' ? subject : details,
    location: locationOf(v.building, v.room),
    ...splitContact(v.contact),
  };
  if (v.name.trim() !== '') input.contactName = v.name.trim();
  return input;
}

/** Server VALIDATION details (API field paths) as form field errors. */
export function fieldOfApiPath(path: string): keyof ReportValues | null {
  switch (path) {
    case 'subject': return 'subject';
    case 'description': return 'details';
    case 'location': return 'building';
    case 'contactName': return 'name';
    case 'contactEmail':
    case 'contactPhone': return 'contact';
    default: return null;
  }
}

// ---------- references ----------

export const REFERENCE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** What people type, as the API wants it: upper case, without spaces or dashes. */
export function normalizeReference(typed: string): string {
  return typed.toUpperCase().replace(/[\s\-–_.]/g, '');
}

export const isWellFormedReference = (ref: string): boolean => new RegExp(`^[${REFERENCE_ALPHABET}]{6,12}$`).test(ref);

/** "K7QH2MXR" → "K7QH 2MXR" for reading aloud and copying down. */
export const groupReference = (ref: string): string => ref.replace(/(.{4})(?=.)/g, '$1 ');

// ---------- statuses in plain words ----------

export const STATUS_TEXT: Record<Status, { label: string; explain: string; color: 'info' | 'warning' | 'success' | 'default' | 'primary' }> = {
  open: { label: 'Received', explain: 'The helpdesk has your report and will pick it up soon.', color: 'info' },
  in_progress: { label: 'In progress', explain: 'Someone is working on it.', color: 'primary' },
  waiting: { label: 'Waiting', explain: 'The helpdesk is waiting for something, such as a part or more information.', color: 'warning' },
  resolved: { label: 'Resolved', explain: 'The helpdesk has fixed this. If it is still a problem, please report it again.', color: 'success' },
  closed: { label: 'Closed', explain: 'This report is closed.', color: 'default' },
};

import type { Company, CompanyCreate, CompanyUpdate } from '../../../shared/contracts/companies.js';
import type { PostalAddress } from '../../../shared/contracts/customers.js';

export const COMPANY_ADDRESS_FIELDS = ['line1', 'line2', 'city', 'region', 'postalCode', 'country'] as const;
export type CompanyAddressField = (typeof COMPANY_ADDRESS_FIELDS)[number];

/** What the company form holds; blank text means "none". */
export interface CompanyValues {
  name: string;
  domain: string;
  industry: string;
  tags: string[];
  address: Record<CompanyAddressField, string>;
}

export const EMPTY_COMPANY: CompanyValues = {
  name: '',
  domain: '',
  industry: '',
  tags: [],
  address: { line1: '', line2: '', city: '', region: '', postalCode: '', country: '' },
};

export function toCompanyValues(c: Company): CompanyValues {
  return {
    name: c.name,
    domain: c.domain ?? '',
    industry: c.industry ?? '',
    tags: [...c.tags],
    address: Object.fromEntries(COMPANY_ADDRESS_FIELDS.map((f) => [f, c.address?.[f] ?? ''])) as Record<
      CompanyAddressField,
      string
    >,
  };
}

const blankToNull = (s: string) => s.trim() || null;

/**
 * A pasted web address as the bare domain the server wants:
 * `https://www.Acme.com/about` → `www.acme.com`.
 */
export function cleanDomain(input: string): string {
  return input
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/[/?#].*$/, '');
}

function addressBody(a: Record<CompanyAddressField, string>): PostalAddress | null {
  const out: PostalAddress = {};
  for (const f of COMPANY_ADDRESS_FIELDS) {
    const v = f === 'country' ? a[f].trim().toUpperCase() : a[f].trim();
    if (v) out[f] = v;
  }
  return Object.keys(out).length ? out : null;
}

/** The `POST /companies` body. */
export function toCompanyCreate(v: CompanyValues): CompanyCreate {
  const domain = cleanDomain(v.domain);
  return {
    name: v.name.trim(),
    domain: domain || null,
    industry: blankToNull(v.industry),
    tags: v.tags.map((t) => t.trim()).filter(Boolean),
    address: addressBody(v.address),
  };
}

/** The `PATCH /companies/:id` body: only the fields that differ from `initial`. */
export function toCompanyUpdate(v: CompanyValues, initial: CompanyValues): CompanyUpdate {
  const next = toCompanyCreate(v);
  const before = toCompanyCreate(initial);
  const body: CompanyUpdate = {};
  for (const key of ['name', 'domain', 'industry', 'tags', 'address'] as const) {
    if (JSON.stringify(next[key]) !== JSON.stringify(before[key])) Object.assign(body, { [key]: next[key] });
  }
  return body;
}

/**
 * Server field errors onto the form's inputs: `name`, `domain`, `industry`, `tags.2` → `tags`,
 * `address.country`; anything else is returned as `rest`.
 */
export function companyErrors(errors: Record<string, string>): {
  fields: Record<string, string>;
  rest: string[];
} {
  const fields: Record<string, string> = {};
  const rest: string[] = [];
  for (const [path, message] of Object.entries(errors)) {
    const [head, second] = path.split('.');
    let key: string | null = null;
    if (head === 'name' || head === 'domain' || head === 'industry' || head === 'tags') key = head;
    else if (head === 'address')
      key =
        second && (COMPANY_ADDRESS_FIELDS as readonly string[]).includes(second)
          ? `address.${second}`
          : 'address.line1';
    if (key) fields[key] ??= message;
    else rest.push(path === '_' ? message : `${path}: ${message}`);
  }
  return { fields, rest };
}

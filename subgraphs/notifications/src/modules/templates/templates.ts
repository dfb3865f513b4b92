import { ACCOUNT_CATEGORIES, type NotificationCategory } from "../notification/notification.enums";
import { en } from "./en";
import { ja } from "./ja";
import type { LocaleTemplates, RenderedText, TemplateData } from "./template-types";

export type { LocaleTemplates, RenderedText, TemplateData } from "./template-types";

/** Every locale with templates. English is complete and is the fallback for everything else. */
export const TEMPLATES = { en, ja } satisfies Record<string, LocaleTemplates>;
export type TemplateLocale = keyof typeof TEMPLATES;
export const FALLBACK_LOCALE: TemplateLocale = "en";

/** "ja", "ja-JP" and "JA_jp" give "ja"; an unknown or missing locale gives English. */
export function resolveLocale(locale: string | null | undefined): TemplateLocale {
  const language = (locale ?? "").trim().toLowerCase().split(/[-_]/)[0];
  return Object.hasOwn(TEMPLATES, language) ? (language as TemplateLocale) : FALLBACK_LOCALE;
}

const MAX_VALUE_LENGTH = 200;
const SUGGESTIONS = ["SHORT_REVIEW_SESSION", "REPEAT_LAST_LESSON", "RESUME_FIRST_LESSON"] as const;
const text = (value: unknown): string | undefined => {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim().slice(0, MAX_VALUE_LENGTH);
  return trimmed || undefined;
};
const integer = (value: unknown): number | undefined => {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof n === "number" && Number.isInteger(n) ? n : undefined;
};

/** Keeps the known template values from an event's loosely typed data, with the right types. */
export function templateData(data: Record<string, unknown>): TemplateData {
  return {
    displayName: text(data.displayName),
    lessonTitle: text(data.lessonTitle),
    level: integer(data.level),
    achievement: text(data.achievement),
    days: integer(data.days),
    billingNotice: data.billingNotice === "PAYMENT_FAILED" || data.billingNotice === "DOWNGRADED" ? data.billingNotice : undefined,
    plan: typeof data.plan === "string" && /^[A-Z]{2,10}$/.test(data.plan) ? data.plan[0] + data.plan.slice(1).toLowerCase() : undefined,
    suggestion: SUGGESTIONS.find((s) => s === data.suggestion),
    title: text(data.title),
    message: typeof data.message === "string" ? data.message.trim().slice(0, 2_000) : undefined,
  };
}

/** An amount in minor units as the locale writes it (¥900, $9.00); undefined for anything not a valid amount. */
function formatAmount(cents: unknown, currency: unknown, locale: TemplateLocale): string | undefined {
  if (typeof cents !== "number" || !Number.isInteger(cents) || cents < 0 || typeof currency !== "string" || !/^[a-z]{3}$/.test(currency))
    return undefined;
  try {
    const format = new Intl.NumberFormat(locale, { style: "currency", currency: currency.toUpperCase() });
    const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    return format.format(cents / 10 ** digits);
  } catch {
    return undefined;
  }
}

/** A date on the recipient's calendar (their time zone when known). */
function formatDate(iso: unknown, locale: TemplateLocale, timeZone: string | null | undefined): string | undefined {
  const date = typeof iso === "string" ? new Date(iso) : null;
  if (!date || Number.isNaN(date.getTime())) return undefined;
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: timeZone ?? "UTC" }).format(date);
  } catch {
    return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(date);
  }
}

export interface Rendered extends RenderedText {
  /** The locale actually used, after fallback. */
  locale: TemplateLocale;
}

/** Title and body of a notification in the recipient's language (English when there is no such template). */
export function renderNotification(
  category: NotificationCategory,
  locale: string | null | undefined,
  data: Record<string, unknown>,
  timeZone?: string | null,
): Rendered {
  const resolved = resolveLocale(locale);
  const template = TEMPLATES[resolved].categories[category] ?? TEMPLATES[FALLBACK_LOCALE].categories[category];
  const values = templateData(data);
  values.amount = formatAmount(data.amountDueCents, data.currency, resolved);
  values.date = formatDate(data.date, resolved, timeZone);
  // Events carry achievement codes; a code without a name here is shown as it came.
  if (values.achievement)
    values.achievement =
      TEMPLATES[resolved].achievements[values.achievement] ??
      TEMPLATES[FALLBACK_LOCALE].achievements[values.achievement] ??
      values.achievement;
  return { ...template(values), locale: resolved };
}

export interface RenderedEmail {
  subject: string;
  text: string;
  locale: TemplateLocale;
}

/** The email for a notification: the title as subject, the body between a greeting and a footer. */
export function renderEmail(
  category: NotificationCategory,
  locale: string | null | undefined,
  data: Record<string, unknown>,
  timeZone?: string | null,
): RenderedEmail {
  const rendered = renderNotification(category, locale, data, timeZone);
  const email = TEMPLATES[rendered.locale].email;
  const footer = ACCOUNT_CATEGORIES.has(category) ? email.accountFooter : email.footer;
  const text = [email.greeting(templateData(data).displayName), "", rendered.body, "", `— ${email.signature}`, "", footer].join("\n");
  return { subject: rendered.title, text: `${text}\n`, locale: rendered.locale };
}

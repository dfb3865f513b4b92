import type { NotificationCategory } from "../notification/notification.enums";

/** The values a template may use. Events carry them in `data`; missing ones get a neutral wording. */
export interface TemplateData {
  displayName?: string;
  lessonTitle?: string;
  level?: number;
  achievement?: string;
  days?: number;
  /** BILLING: which account notice, the plan concerned, an amount and a date, formatted for the locale. */
  billingNotice?: "PAYMENT_FAILED" | "DOWNGRADED";
  plan?: string;
  amount?: string;
  date?: string;
  /** COACHING: the easier next step analytics suggests (learner.struggling's `suggestion`). */
  suggestion?: "SHORT_REVIEW_SESSION" | "REPEAT_LAST_LESSON" | "RESUME_FIRST_LESSON";
  /** SYSTEM notifications carry their own text, already in the right words. */
  title?: string;
  message?: string;
}

export interface RenderedText {
  title: string;
  body: string;
}

export type CategoryTemplate = (data: TemplateData) => RenderedText;

export interface LocaleTemplates {
  categories: Record<NotificationCategory, CategoryTemplate>;
  /** Names for the achievement codes of achievement.unlocked (FIRST_LESSON, ...). */
  achievements: Record<string, string>;
  email: {
    greeting: (displayName: string | undefined) => string;
    signature: string;
    footer: string;
    /** Instead of `footer` on account emails, which preferences cannot turn off. */
    accountFooter: string;
  };
}

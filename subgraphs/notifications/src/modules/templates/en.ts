import type { LocaleTemplates } from "./template-types";

export const en: LocaleTemplates = {
  achievements: {
    FIRST_LESSON: "First lesson",
    TEN_LESSONS: "Ten lessons",
    FIRST_REVIEW: "First review",
    HUNDRED_REVIEWS: "A hundred reviews",
    SEVEN_DAY_STREAK: "Seven-day streak",
    LEVEL_FIVE: "Level five",
  },
  categories: {
    WELCOME: (d) => ({
      title: d.displayName ? `Welcome to Learnloop, ${d.displayName}!` : "Welcome to Learnloop!",
      body: "Your Japanese journey starts today. Your first lesson is ready when you are.",
    }),
    LESSON: (d) => ({
      title: d.lessonTitle ? `Lesson complete: ${d.lessonTitle}` : "Lesson complete",
      body: d.lessonTitle ? `You finished "${d.lessonTitle}". Keep the momentum going!` : "You finished a lesson. Keep the momentum going!",
    }),
    LEVEL: (d) => ({
      title: d.level !== undefined ? `You reached level ${d.level}!` : "You reached a new level!",
      body:
        d.level !== undefined
          ? `Congratulations! You are now level ${d.level}. New challenges await.`
          : "Congratulations on your new level. New challenges await.",
    }),
    ACHIEVEMENT: (d) => ({
      title: d.achievement ? `Achievement unlocked: ${d.achievement}` : "Achievement unlocked",
      body: d.achievement ? `You earned "${d.achievement}". Well done!` : "You earned a new achievement. Well done!",
    }),
    STREAK: (d) => ({
      title: d.days !== undefined ? `${d.days}-day streak!` : "You are on a streak!",
      body:
        d.days !== undefined
          ? `You have studied ${d.days} ${d.days === 1 ? "day" : "days"} in a row. Come back tomorrow to keep it going.`
          : "You have studied several days in a row. Come back tomorrow to keep it going.",
    }),
    BILLING: (d) => {
      const plan = `Learnloop ${d.plan ?? "Plus"}`;
      return d.billingNotice === "DOWNGRADED"
        ? {
            title: "You're on Learnloop Free for now",
            body: `We still couldn't take the payment for ${plan}, so your account is on Free. Your progress is safe. Pay the open invoice in the billing portal and ${plan} comes back at once.`,
          }
        : {
            title: "Your payment didn't go through",
            body: `We couldn't take your payment${d.amount ? ` of ${d.amount}` : ""} for ${plan}. You keep ${plan}${d.date ? ` until ${d.date}` : " for now"}: update your card in the billing portal before then to keep it.`,
          };
    },
    COACHING: (d) => ({
      title: "A smaller step for today",
      body:
        d.suggestion === "RESUME_FIRST_LESSON"
          ? "Getting started is the hardest part. Your first lesson takes about five minutes, and it is waiting where you left it."
          : d.suggestion === "REPEAT_LAST_LESSON"
            ? "Some cards have been slipping away. That is normal: going over your last lesson once more makes them stick."
            : "Every learner has tough days. A short review of five cards is enough to keep your progress going.",
    }),
    SYSTEM: (d) => ({
      title: d.title ?? "A message from Learnloop",
      body: d.message ?? "",
    }),
  },
  email: {
    greeting: (name) => (name ? `Hi ${name},` : "Hi,"),
    signature: "The Learnloop team",
    footer: "You can choose which emails you get in your notification settings.",
    accountFooter: "You get this email because it is about your Learnloop account and payments.",
  },
};

import { NOTIFICATION_CATEGORIES, NotificationCategory } from "../notification/notification.enums";
import { renderEmail, renderNotification, resolveLocale, TEMPLATES } from "./templates";

describe("templates", () => {
  it("exist for every category in every locale", () => {
    for (const locale of Object.keys(TEMPLATES) as (keyof typeof TEMPLATES)[])
      for (const category of NOTIFICATION_CATEGORIES) {
        const rendered = renderNotification(category, locale, { message: "m" });
        expect(rendered.locale).toBe(locale);
        expect(rendered.title.length).toBeGreaterThan(0);
      }
  });

  it("render the values they are given", () => {
    expect(renderNotification(NotificationCategory.WELCOME, "en", { displayName: "Aki" }).title).toBe("Welcome to Learnloop, Aki!");
    expect(renderNotification(NotificationCategory.LESSON, "en", { lessonTitle: "Hiragana 1" }).body).toContain('"Hiragana 1"');
    expect(renderNotification(NotificationCategory.LEVEL, "en", { level: 5 }).title).toBe("You reached level 5!");
    expect(renderNotification(NotificationCategory.ACHIEVEMENT, "en", { achievement: "First steps" }).title).toBe(
      "Achievement unlocked: First steps",
    );
    expect(renderNotification(NotificationCategory.STREAK, "en", { days: 7 }).title).toBe("7-day streak!");
    expect(renderNotification(NotificationCategory.STREAK, "en", { days: 1 }).body).toContain("1 day in a row");
    expect(renderNotification(NotificationCategory.SYSTEM, "en", { title: "Maintenance", message: "Back at 10:00." })).toMatchObject({
      title: "Maintenance",
      body: "Back at 10:00.",
    });
  });

  it("write Japanese for ja", () => {
    expect(renderNotification(NotificationCategory.WELCOME, "ja", { displayName: "明" }).title).toBe("明さん、Learnloopへようこそ！");
    expect(renderNotification(NotificationCategory.LEVEL, "ja", { level: 3 })).toEqual({
      title: "レベル3に到達しました！",
      body: "おめでとうございます！レベル3になりました。新しい挑戦が待っています。",
      locale: "ja",
    });
    expect(renderNotification(NotificationCategory.LESSON, "ja", { lessonTitle: "ひらがな 1" }).body).toBe(
      "「ひらがな 1」を修了しました。この調子で続けましょう！",
    );
    expect(renderNotification(NotificationCategory.STREAK, "ja", { days: 10 }).title).toBe("10日連続で学習中！");
  });

  it("write billing notices with the amount and date as the locale writes them, and the account footer", () => {
    const failed = {
      billingNotice: "PAYMENT_FAILED",
      plan: "PRO",
      amountDueCents: 1900,
      currency: "usd",
      date: "2026-12-08T10:00:00.000Z",
    };
    expect(renderNotification(NotificationCategory.BILLING, "en", failed).body).toBe(
      "We couldn't take your payment of $19.00 for Learnloop Pro. You keep Learnloop Pro until December 8, 2026: update your card in the billing portal before then to keep it.",
    );
    // Yen has no minor unit; the date falls on the recipient's calendar (Tokyo is already the 9th).
    const yen = { ...failed, amountDueCents: 1200, currency: "jpy", date: "2026-12-08T20:00:00.000Z" };
    expect(renderNotification(NotificationCategory.BILLING, "ja", yen, "Asia/Tokyo").body).toContain("Learnloop Proの￥1,200のお支払い");
    expect(renderNotification(NotificationCategory.BILLING, "ja", yen, "Asia/Tokyo").body).toContain("2026年12月9日まで");
    expect(renderNotification(NotificationCategory.BILLING, "en", { billingNotice: "DOWNGRADED", plan: "PLUS" }).title).toBe(
      "You're on Learnloop Free for now",
    );
    // Values that are not what they claim are left out, not shown raw.
    expect(
      renderNotification(NotificationCategory.BILLING, "en", { ...failed, amountDueCents: "1900", currency: "<b>", date: "soon" }).body,
    ).toBe(
      "We couldn't take your payment for Learnloop Pro. You keep Learnloop Pro for now: update your card in the billing portal before then to keep it.",
    );
    expect(renderEmail(NotificationCategory.BILLING, "en", failed).text).toContain(
      "because it is about your Learnloop account and payments",
    );
    expect(renderEmail(NotificationCategory.LEVEL, "en", { level: 2 }).text).toContain("notification settings");
  });

  it("write a kind coaching nudge for each suggested step, in English and Japanese", () => {
    expect(renderNotification(NotificationCategory.COACHING, "en", { suggestion: "RESUME_FIRST_LESSON" }).body).toMatch(
      /^Getting started is the hardest part\. Your first lesson/,
    );
    expect(renderNotification(NotificationCategory.COACHING, "en", { suggestion: "REPEAT_LAST_LESSON" }).body).toContain("last lesson");
    expect(renderNotification(NotificationCategory.COACHING, "ja", { suggestion: "SHORT_REVIEW_SESSION" })).toEqual({
      title: "今日は小さな一歩から",
      body: "うまくいかない日は誰にでもあります。5枚だけの短い復習でも、学習の流れを保てます。",
      locale: "ja",
    });
    // An unknown step gets the short review, the easiest.
    expect(renderNotification(NotificationCategory.COACHING, "en", { suggestion: "<b>" }).body).toContain("short review");
    // Coaching can be turned off: its email has the ordinary footer.
    expect(renderEmail(NotificationCategory.COACHING, "en", {}).text).toContain("notification settings");
  });

  it("fall back to English for an unknown or missing locale, and match a region to its language", () => {
    expect(resolveLocale("ja-JP")).toBe("ja");
    expect(resolveLocale("JA_jp")).toBe("ja");
    expect(resolveLocale("pt-BR")).toBe("en");
    expect(resolveLocale("")).toBe("en");
    expect(resolveLocale(null)).toBe("en");
    expect(resolveLocale("constructor")).toBe("en");
    expect(renderNotification(NotificationCategory.LEVEL, "fr", { level: 2 })).toMatchObject({
      title: "You reached level 2!",
      locale: "en",
    });
  });

  it("use a neutral wording when a value is missing or of the wrong type", () => {
    expect(renderNotification(NotificationCategory.WELCOME, "en", {}).title).toBe("Welcome to Learnloop!");
    expect(renderNotification(NotificationCategory.LEVEL, "en", { level: "high" }).title).toBe("You reached a new level!");
    expect(renderNotification(NotificationCategory.LEVEL, "en", { level: "4" }).title).toBe("You reached level 4!");
    expect(renderNotification(NotificationCategory.ACHIEVEMENT, "ja", { achievement: { x: 1 } }).title).toBe("実績を解除しました");
    expect(renderNotification(NotificationCategory.LESSON, "en", { lessonTitle: "x".repeat(500) }).title.length).toBeLessThan(250);
  });

  it("make an email with the title as subject, a greeting and a footer", () => {
    const en = renderEmail(NotificationCategory.ACHIEVEMENT, "en", { displayName: "Aki", achievement: "Kana master" });
    expect(en.subject).toBe("Achievement unlocked: Kana master");
    expect(en.text).toMatch(/^Hi Aki,\n\nYou earned "Kana master"\. Well done!\n/);
    expect(en.text).toContain("notification settings");
    const ja = renderEmail(NotificationCategory.WELCOME, "ja-JP", { displayName: "明" });
    expect(ja).toMatchObject({ subject: "明さん、Learnloopへようこそ！", locale: "ja" });
    expect(ja.text).toMatch(/^明さん\n\n今日から日本語の学習を始めましょう。/);
    expect(ja.text).toContain("通知設定");
  });
});

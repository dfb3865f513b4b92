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

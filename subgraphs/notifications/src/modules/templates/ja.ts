import type { LocaleTemplates } from "./template-types";

export const ja: LocaleTemplates = {
  achievements: {
    FIRST_LESSON: "はじめてのレッスン",
    TEN_LESSONS: "レッスン10回",
    FIRST_REVIEW: "はじめての復習",
    HUNDRED_REVIEWS: "復習100回",
    SEVEN_DAY_STREAK: "7日連続",
    LEVEL_FIVE: "レベル5",
  },
  categories: {
    WELCOME: (d) => ({
      title: d.displayName ? `${d.displayName}さん、Learnloopへようこそ！` : "Learnloopへようこそ！",
      body: "今日から日本語の学習を始めましょう。最初のレッスンが待っています。",
    }),
    LESSON: (d) => ({
      title: d.lessonTitle ? `レッスン完了：${d.lessonTitle}` : "レッスン完了",
      body: d.lessonTitle
        ? `「${d.lessonTitle}」を修了しました。この調子で続けましょう！`
        : "レッスンを修了しました。この調子で続けましょう！",
    }),
    LEVEL: (d) => ({
      title: d.level !== undefined ? `レベル${d.level}に到達しました！` : "レベルアップしました！",
      body:
        d.level !== undefined
          ? `おめでとうございます！レベル${d.level}になりました。新しい挑戦が待っています。`
          : "レベルアップおめでとうございます！新しい挑戦が待っています。",
    }),
    ACHIEVEMENT: (d) => ({
      title: d.achievement ? `実績解除：${d.achievement}` : "実績を解除しました",
      body: d.achievement ? `「${d.achievement}」を獲得しました。よく頑張りましたね！` : "新しい実績を獲得しました。よく頑張りましたね！",
    }),
    STREAK: (d) => ({
      title: d.days !== undefined ? `${d.days}日連続で学習中！` : "連続学習中！",
      body:
        d.days !== undefined
          ? `${d.days}日連続で学習しています。明日も続けて記録を伸ばしましょう。`
          : "毎日学習を続けています。明日も続けて記録を伸ばしましょう。",
    }),
    BILLING: (d) => {
      const plan = `Learnloop ${d.plan ?? "Plus"}`;
      return d.billingNotice === "DOWNGRADED"
        ? {
            title: "現在Freeプランでご利用中です",
            body: `${plan}のお支払いを確認できなかったため、Freeプランに切り替わりました。学習の記録はそのまま残っています。請求ポータルで未払いの請求書をお支払いいただくと、すぐに${plan}に戻ります。`,
          }
        : {
            title: "お支払いができませんでした",
            body: `${plan}${d.amount ? `の${d.amount}` : ""}のお支払いを処理できませんでした。${d.date ? `${d.date}まで` : "当面は"}${plan}をご利用いただけます。それまでに請求ポータルでカード情報を更新してください。`,
          };
    },
    COACHING: (d) => ({
      title: "今日は小さな一歩から",
      body:
        d.suggestion === "RESUME_FIRST_LESSON"
          ? "始めるのがいちばん難しいものです。最初のレッスンは5分ほどで終わります。続きからいつでも始められます。"
          : d.suggestion === "REPEAT_LAST_LESSON"
            ? "忘れかけているカードがあります。よくあることです。前回のレッスンをもう一度おさらいすると定着しやすくなります。"
            : "うまくいかない日は誰にでもあります。5枚だけの短い復習でも、学習の流れを保てます。",
    }),
    SYSTEM: (d) => ({
      title: d.title ?? "Learnloopからのお知らせ",
      body: d.message ?? "",
    }),
  },
  email: {
    greeting: (name) => (name ? `${name}さん` : "こんにちは"),
    signature: "Learnloopチーム",
    footer: "受け取るメールの種類は通知設定から変更できます。",
    accountFooter: "このメールは、Learnloopのアカウントとお支払いに関する大切なお知らせです。",
  },
};

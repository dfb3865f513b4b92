import { useMeQuery } from "../generated/hooks";
import { ErrorBox } from "./ErrorBox";

export function Profile() {
  const { data, loading, error } = useMeQuery();
  if (error) return <ErrorBox error={error} />;
  if (loading || !data) return <p>Loading profile…</p>;
  const { me } = data;
  return (
    <section>
      <h2>{me.displayName}</h2>
      <dl className="profile">
        <dt>XP</dt>
        <dd data-testid="profile-xp">{me.xp}</dd>
        <dt>Level</dt>
        <dd data-testid="profile-level">{me.level}</dd>
        <dt>Streak</dt>
        <dd>
          <span data-testid="profile-streak">{me.currentStreak}</span> days (longest {me.longestStreak})
        </dd>
      </dl>
    </section>
  );
}

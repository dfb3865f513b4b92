import { useMeQuery, useUpdateProfileVisibilityMutation } from "../generated/hooks";
import { ErrorBox } from "./ErrorBox";

export function Profile() {
  const { data, loading, error } = useMeQuery();
  const [setVisibility, visibility] = useUpdateProfileVisibilityMutation();
  if (error) return <ErrorBox error={error} />;
  if (loading || !data) return <p>Loading profile…</p>;
  const { me } = data;
  const isPublic = me.profileVisibility === "PUBLIC";
  const onToggle = () =>
    setVisibility({ variables: { visibility: isPublic ? "PRIVATE" : "PUBLIC" } }).catch(() => {
      // shown from visibility.error
    });
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
      <label>
        <input data-testid="profile-public" type="checkbox" checked={isPublic} disabled={visibility.loading} onChange={onToggle} /> Public
        profile: anyone may see my name, XP, level and the lessons I complete
      </label>
      <ErrorBox error={visibility.error} />
    </section>
  );
}

/** A person's picture, or their initials on a colour derived from their id. */
export function Avatar({
  person,
  size = 40,
}: {
  person: { id: number; name: string; avatarUrl: string | null };
  size?: number;
}) {
  const style = { width: size, height: size, fontSize: Math.round(size * 0.4) };
  if (person.avatarUrl) {
    return (
      <img
        className="avatar"
        src={`${person.avatarUrl}&size=${size > 64 ? 256 : 64}`}
        alt=""
        style={style}
        loading="lazy"
      />
    );
  }
  const initials = person.name
    .replace(/^(Dr\.|Prof\.)\s+/g, '')
    .split(/\s+/)
    .filter(Boolean)
    .map((part) => part[0])
    .slice(0, 2)
    .join('')
    .toUpperCase();
  return (
    <span
      className="avatar avatar-initials"
      style={{ ...style, background: `var(--avatar-${person.id % 8})` }}
      aria-hidden="true"
    >
      {initials}
    </span>
  );
}

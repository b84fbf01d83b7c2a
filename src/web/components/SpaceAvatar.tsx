/** A space's picture, or its first letter on its colour. */
export function SpaceAvatar({
  space,
  size = 40,
}: {
  space: { name: string; color: string; avatarUrl: string | null };
  size?: number;
}) {
  const style = { width: size, height: size, fontSize: Math.round(size * 0.45) };
  if (space.avatarUrl)
    return <img className="space-avatar" src={space.avatarUrl} alt="" style={style} loading="lazy" />;
  return (
    <span
      className="space-avatar space-avatar-letter"
      style={{ ...style, background: space.color }}
      aria-hidden="true"
    >
      {space.name.slice(0, 1).toUpperCase()}
    </span>
  );
}

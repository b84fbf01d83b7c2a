/** The few parts of twitter-text (a dev dependency) the counting tests compare against. */
declare module 'twitter-text' {
  const twitter: { parseTweet(text: string): { weightedLength: number; valid: boolean } };
  export default twitter;
}

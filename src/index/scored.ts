/** A label with its score in one ranking; higher is better. */
export interface Scored {
  label: number;
  score: number;
}

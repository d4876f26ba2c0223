/**
 * Usage, cost estimates and budgets.
 *
 * <ul>
 *   <li>{@link dev.tau4j.cost.PriceTable}: a dated table of model prices (bundled, from a file, or
 *       in code) and the estimator; {@link dev.tau4j.cost.CostEstimate} is its result, known or
 *       "cost unknown" — an unknown model is never priced as another.</li>
 *   <li>{@link dev.tau4j.cost.UsageLedger}: every response, transcription and connected minute of
 *       one logical session, with exact totals and bounded memory.</li>
 *   <li>{@link dev.tau4j.cost.Budget} and {@link dev.tau4j.cost.BudgetMonitor}: caps on cost,
 *       tokens and connected time, with a warning and a policy at the cap.</li>
 *   <li>{@link dev.tau4j.cost.ContextTracker} and {@link dev.tau4j.cost.PruningPolicy}: how much
 *       of each turn's input is retained context billed again, and which items to delete to bound
 *       it.</li>
 * </ul>
 * All amounts are estimates in USD; the provider's invoice is authoritative.
 */
package dev.tau4j.cost;

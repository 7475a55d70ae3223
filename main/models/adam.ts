import * as tf from '@tensorflow/tfjs';
import { adamStepApplies, adamStepKernelName } from '../tf/kernels/adam-step-simd.js';

export interface AdamSettings {
  learningRate: number;
  beta1: number;
  beta2?: number;
  epsilon?: number;
}

/** What a checkpoint keeps of an Adam optimizer: its step count and both moment estimates. */
export interface AdamState {
  t: number;
  m: tf.Tensor[];
  v: tf.Tensor[];
}

/**
 * Adam (Kingma & Ba, 2015, Algorithm 1), written out so its whole state is ours to save and
 * restore bit for bit: m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², and the step
 * θ ← θ − α·√(1−β2ᵗ)/(1−β1ᵗ) · m / (√v + ε̂) (the paper's "more efficient" ordering, section 2).
 * The bias-correction factor is computed in float64 from t, so a restored optimizer continues
 * exactly where the saved one stopped. The learning rate may change between steps (a branch).
 */
export class Adam {
  learningRate: number;
  /** Whether to use the fused kernel where it applies (off only to compare with the op composition). */
  useFusedStep = true;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  private t = 0;
  private m: tf.Variable[] | null = null;
  private v: tf.Variable[] | null = null;

  constructor(settings: AdamSettings) {
    this.learningRate = settings.learningRate;
    this.beta1 = settings.beta1;
    this.beta2 = settings.beta2 ?? 0.999;
    this.epsilon = settings.epsilon ?? 1e-8;
  }

  get steps(): number {
    return this.t;
  }

  /**
   * One step on `variables` down the gradient of `loss`; returns the loss (the caller disposes it).
   * Same shape as tf.Optimizer.minimize(f, true, varList), so the training step takes either.
   */
  minimize(loss: () => tf.Scalar, _returnCost: boolean, variables?: tf.Variable[]): tf.Scalar | null {
    if (!variables) throw new Error('Adam.minimize needs the variables to train.');
    const { value, grads } = tf.variableGrads(loss, variables);
    this.apply(
      variables,
      variables.map((variable) => grads[variable.name] ?? null),
    );
    tf.dispose(Object.values(grads));
    return value;
  }

  /**
   * One step down the gradient of a sum of losses, each differentiated on its own tape: the
   * gradient of a sum is the sum of the gradients, and only one part's activations are alive at a
   * time (a CycleGAN's generator loss holds six generator passes; split, two at a time). Returns the
   * summed loss (the caller disposes it).
   */
  minimizeParts(parts: Array<() => tf.Scalar>, variables: tf.Variable[]): tf.Scalar {
    let total: tf.Scalar = tf.scalar(0);
    let sums: (tf.Tensor | null)[] = variables.map(() => null);
    for (const part of parts) {
      const { value, grads } = tf.variableGrads(part, variables);
      const nextTotal = tf.add(total, value) as tf.Scalar;
      tf.dispose([total, value]);
      total = nextTotal;
      sums = variables.map((variable, i) => {
        const grad = grads[variable.name];
        const sum = sums[i];
        if (!grad) return sum ?? null;
        if (!sum) return grad;
        const next = tf.add(sum, grad);
        tf.dispose([sum, grad]);
        return next;
      });
    }
    this.apply(variables, sums);
    tf.dispose(sums.filter((sum): sum is tf.Tensor => sum !== null));
    return total;
  }

  private apply(variables: tf.Variable[], gradients: (tf.Tensor | null)[]): void {
    const zeros = () =>
      variables.map((variable) => tf.tidy(() => tf.variable(tf.zerosLike(variable), false)));
    const m = (this.m ??= zeros());
    const v = (this.v ??= zeros());
    this.t += 1;
    const stepSize = (this.learningRate * Math.sqrt(1 - this.beta2 ** this.t)) / (1 - this.beta1 ** this.t);
    const fused = this.useFusedStep && adamStepApplies(tf);
    tf.tidy(() => {
      variables.forEach((variable, i) => {
        const g = gradients[i];
        const mi = m[i];
        const vi = v[i];
        if (!g || !mi || !vi) return;
        if (fused) {
          // The same float32 operations in one pass (tf/kernels/adam-step-simd.ts): the same bits.
          const [nextW, nextM, nextV] = tf
            .engine()
            .runKernel(adamStepKernelName, { w: variable, g, m: mi, v: vi }, {
              beta1: this.beta1,
              beta2: this.beta2,
              epsilon: this.epsilon,
              stepSize,
            } as never) as tf.Tensor[];
          if (!nextW || !nextM || !nextV) throw new Error('the fused Adam step returned too few tensors');
          mi.assign(nextM);
          vi.assign(nextV);
          variable.assign(nextW);
          return;
        }
        const nextM = tf.add(tf.mul(mi, this.beta1), tf.mul(g, 1 - this.beta1));
        const nextV = tf.add(tf.mul(vi, this.beta2), tf.mul(tf.square(g), 1 - this.beta2));
        mi.assign(nextM);
        vi.assign(nextV);
        variable.assign(
          tf.sub(variable, tf.mul(tf.div(nextM, tf.add(tf.sqrt(nextV), this.epsilon)), stepSize)),
        );
      });
    });
  }

  /** Copies of the state (the caller disposes them); empty moments before the first step. */
  state(): AdamState {
    return {
      t: this.t,
      m: (this.m ?? []).map((tensor) => tensor.clone()),
      v: (this.v ?? []).map((tensor) => tensor.clone()),
    };
  }

  /** Takes over a saved state; the tensors are copied, the caller still owns them. */
  restore(state: AdamState): void {
    this.disposeMoments();
    this.t = state.t;
    // A variable shares its initial tensor's memory (reference-counted): no copy is needed.
    this.m = state.m.length ? state.m.map((tensor) => tf.variable(tensor, false)) : null;
    this.v = state.v.length ? state.v.map((tensor) => tf.variable(tensor, false)) : null;
  }

  dispose(): void {
    this.disposeMoments();
  }

  private disposeMoments(): void {
    tf.dispose([...(this.m ?? []), ...(this.v ?? [])]);
    this.m = null;
    this.v = null;
  }
}

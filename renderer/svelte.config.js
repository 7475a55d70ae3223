/** Read by vite-plugin-svelte and svelte-check alike. */
export default {
  compilerOptions: {
    // Runes everywhere: no component can fall back to Svelte 4's implicit reactivity.
    runes: true,
  },
};

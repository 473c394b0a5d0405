/**
 * Hardware generators written in the rtl-gen HDL and their cycle models. Subpackages per
 * generator family; each reads models from {@code shears.models} and builds modules with
 * {@code shears.rtl.hdl}. The module depends on rtl-gen, sim and models
 * only (Maven enforces it).
 * <p>Layer: imports no other Shears package.
 */
package shears.accelerators;

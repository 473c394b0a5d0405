/**
 * Layers and networks. A {@link shears.models.nn.Layer} is an immutable description (geometry
 * only); a {@link shears.models.nn.Network} is a DAG of named nodes with their parameters, the
 * float forward pass and back-propagation. Convolutions, transposed convolutions, dense layers and
 * pooling all lower to one {@link shears.models.nn.GatherPlan}, so the float path here and the
 * integer golden model in {@code shears.models.quant} share their index geometry.
 * <p>Layer: may import {@code shears.models.tensor}.
 */
package shears.models.nn;

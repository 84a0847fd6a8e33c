using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AutoVision.Transfer.Nas;

/// <summary>
/// The MLP head option's extra branch: the head becomes <c>linear(f) + fc2(relu(fc1(f)))</c>, a two-layer MLP
/// (fc1 512→<c>hidden</c>, fc2 <c>hidden</c>→classes) added to the classifier's linear head. The linear head is the one
/// the learner fitted (shared, held by the classifier, not by this module); fc2 starts at zero, so the option starts
/// as exactly the linear head and both head options are compared from the same start rather than a fitted head
/// against a random one.
/// </summary>
public sealed class MlpBranch : nn.Module<Tensor, Tensor>
{
    private readonly Linear fc1;
    private readonly Linear fc2;

    public MlpBranch(long features, long classes, int hidden = 256, string name = "mlp") : base(name)
    {
        if (features < 1 || classes < 1) throw new ArgumentOutOfRangeException(nameof(features), "Features and classes must be positive.");
        if (hidden < 1) throw new ArgumentOutOfRangeException(nameof(hidden), hidden, "At least one hidden unit.");
        fc1 = nn.Linear(features, hidden);
        fc2 = nn.Linear(hidden, classes);
        using (no_grad())
        {
            nn.init.zeros_(fc2.weight!);
            nn.init.zeros_(fc2.bias!);
        }
        RegisterComponents();
    }

    public override Tensor forward(Tensor features)
    {
        using var scope = NewDisposeScope();
        return fc2.call(nn.functional.relu(fc1.call(features))).MoveToOuterDisposeScope();
    }
}

using Sekisho.Cedar.Tests.Fuzz;
using Sekisho.TestSupport;

namespace Sekisho.Cedar.Tests.RoundTrip;

/// <summary>
/// Whether a test that needs cedar-wasm may run: outside CI a missing node or node_modules lets the test pass
/// with a note (it checks nothing then, and says so); under <c>CI=true</c> it is a failure.
/// </summary>
public static class ReferenceGate
{
    public static bool Available(Action<string> note)
    {
        ArgumentNullException.ThrowIfNull(note);
        var why = CedarWasmSession.Unavailable();
        if (why is null) return true;
        if (RepoPaths.IsCi) throw new InvalidOperationException("cedar-wasm reference unavailable under CI=true: " + why);
        note("cedar-wasm reference unavailable, nothing compared: " + why);
        return false;
    }
}

using System.Runtime.CompilerServices;
using Sekisho.Cedar.Values;

namespace Sekisho.Cedar.Evaluation;

/// <summary>Room for the arguments of an extension call on the stack, so calls do not allocate.</summary>
[InlineArray(4)]
internal struct ValueBuffer
{
    private Value _element0;
}

Attribute VB_Name = "xltoolkit"
' De knoppen op het blad Start (Valideren, Reconciliatie, Rapport genereren).
'
' Elke knop start met RunPython (xlwings) een functie uit de Python-module xltoolkit.excel.
' RunPython werkt met het werkboek waarin deze code staat (ThisWorkbook) en Python pakt dat
' werkboek met xw.Book.caller(): de bestandsnaam doet er niet toe, het bestand mag hernoemd worden.
' Waar Excel Python vindt (INTERPRETER_WIN / INTERPRETER_MAC, PYTHONPATH): zie de README van xltoolkit.
Option Explicit

Public Sub validate()
    RunPython "import xltoolkit.excel as e; e.validate()"
End Sub

Public Sub reconcile()
    RunPython "import xltoolkit.excel as e; e.reconcile()"
End Sub

Public Sub report()
    RunPython "import xltoolkit.excel as e; e.report()"
End Sub

Attribute VB_Name = "samenvoegen"
' De knop Samenvoegen op het werkboek van het SWV.
'
' RunPython (xlwings) start xltoolkit.excel.merge met dit werkboek (ThisWorkbook, xw.Book.caller()):
' het leest de map, het register en het overzicht uit de gele cellen en zet de uitkomst terug.
' Waar Excel Python vindt (INTERPRETER_WIN / INTERPRETER_MAC, PYTHONPATH): zie de README van xltoolkit.
Option Explicit

Public Sub merge()
    RunPython "import xltoolkit.excel as e; e.merge()"
End Sub

' De knop Klaarzetten: per bestuur een vooringevuld werkboek (xltoolkit.excel.prepare), met de lijst van
' besturen, het schooljaar, de map en vorig jaar uit de gele cellen onder Klaarzetten.
Public Sub prepare()
    RunPython "import xltoolkit.excel as e; e.prepare()"
End Sub
